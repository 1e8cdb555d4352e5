package dev.eventcore.serialization;

/**
 * The read limits of a JSON codec. Every append is held to them, so that what a store accepts it
 * can read back: a value over a reader's limit is refused when written, with a message naming the
 * limit, instead of being stored and then failing on every read. The defaults are Jackson's; the
 * PostgreSQL store takes them from its mapper's {@code StreamReadConstraints}.
 *
 * @param maxNumberLength the most characters of a number, its sign not counted
 * @param maxNameLength the most characters of an object key
 * @param maxStringLength the most characters of a string value
 * @param maxNestingDepth the most objects and arrays open at once
 *
 * @since 0.1.0
 */
public record JsonLimits(
    int maxNumberLength, int maxNameLength, int maxStringLength, int maxNestingDepth) {

  private static final JsonLimits DEFAULTS = new JsonLimits(1_000, 50_000, 100_000_000, 500);

  /** Validates the limits. */
  public JsonLimits {
    if (maxNumberLength < 1 || maxNameLength < 1 || maxStringLength < 1 || maxNestingDepth < 1) {
      throw new IllegalArgumentException("JSON limits must be >= 1 but were " + maxNumberLength
          + ", " + maxNameLength + ", " + maxStringLength + ", " + maxNestingDepth);
    }
  }

  /** Jackson's default read limits: 1,000-char numbers, 50,000-char names, 500 levels. */
  public static JsonLimits defaults() {
    return DEFAULTS;
  }
}
