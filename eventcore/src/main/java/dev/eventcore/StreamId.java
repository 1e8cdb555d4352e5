package dev.eventcore;

import dev.eventcore.internal.text.Text;
import java.util.Objects;

/**
 * The identity of an event stream, for example {@code "order-42"}.
 *
 * <p>A stream id is 1 to {@value #MAX_LENGTH} characters long, has no ISO control characters (NUL
 * included), no unpaired surrogate characters, and no leading or trailing whitespace. Its UTF-8
 * form is therefore at most {@value #MAX_UTF8_BYTES} bytes, well inside any index's row limit.
 *
 * <p>It also has no Unicode format characters ({@link Character#FORMAT}): they print as nothing
 * or reorder the text around them, so two different stream ids would look alike in every log and
 * message. That covers the zero-width characters (U+200B ZERO WIDTH SPACE, U+200C, U+200D ZERO
 * WIDTH JOINER, U+2060 WORD JOINER, U+FEFF ZERO WIDTH NO-BREAK SPACE), the bidi controls (U+200E,
 * U+200F, U+061C, U+202A to U+202E, U+2066 to U+2069), the soft hyphen U+00AD, U+180E and the tag
 * characters. Emoji written with a zero-width joiner (family and profession emoji) are therefore
 * refused too; single emoji and emoji with variation selectors are fine. Events a store wrote
 * before this rule, under an id that breaks it, stay readable from the global log and by
 * subscriptions (their {@link RecordedEvent#streamId()} keeps the stored text), but such an id
 * can no longer be built to append to or read that stream: copy its events to a new stream.
 *
 * <p>The text before the first {@code '-'} is the stream's {@linkplain #category() category}, by
 * which projections filter:
 *
 * <pre>{@code
 * StreamId id = StreamId.of("order", "42");   // "order-42"
 * id.category();                              // "order"
 * }</pre>
 *
 * @param value the stream id's text
 *
 * @since 0.1.0
 */
public record StreamId(String value) implements Comparable<StreamId> {

  /** The maximum number of characters (UTF-16 code units) in a stream id. */
  public static final int MAX_LENGTH = 255;

  /** The maximum number of bytes of a stream id's UTF-8 form (3 bytes per code unit at most). */
  public static final int MAX_UTF8_BYTES = 765;

  /**
   * Validates the id.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} breaks a rule of this class
   */
  public StreamId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("stream id must not be empty (1.." + MAX_LENGTH + " chars)");
    }
    // a tenant's stream as stored, read by a store that sees every tenant: the tenant (at most
    // 63 characters) and U+001F before an id of at most MAX_LENGTH
    if (value.length() > MAX_LENGTH && !(Text.readingStored() && value.length() <= MAX_LENGTH + 64
        && value.indexOf('\u001F') > 0)) {
      throw new IllegalArgumentException(
          "stream id is " + value.length() + " chars long; at most " + MAX_LENGTH + " are allowed");
    }
    if (isSpace(value.charAt(0)) || isSpace(value.charAt(value.length() - 1))) {
      throw new IllegalArgumentException(
          "stream id must not start or end with whitespace: " + Text.quote(value));
    }
    Text.requireVisible(value, "stream id");
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * Returns the stream id with the given text.
   *
   * @throws IllegalArgumentException if {@code value} is empty, too long, padded, or has control,
   *     unpaired surrogate or format (invisible, bidi) characters
   */
  public static StreamId of(String value) {
    return new StreamId(value);
  }

  /**
   * Returns {@code category + "-" + id}, for example {@code of("order", "42")} is {@code
   * "order-42"}.
   *
   * @param category the stream category: not empty, no {@code '-'}, and the characters a stream
   *     id allows
   * @param id the identity within the category: not empty
   * @throws IllegalArgumentException if a part is empty, the category has a {@code '-'}, or the
   *     joined id breaks a rule of this class
   */
  public static StreamId of(String category, String id) {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(id, "id");
    if (category.isEmpty()) {
      throw new IllegalArgumentException("stream category must not be empty");
    }
    if (category.indexOf('-') >= 0) {
      throw new IllegalArgumentException(
          "stream category must not contain '-': " + Text.quote(category));
    }
    Text.requireVisible(category, "stream category");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id within category '" + category + "' must not be empty");
    }
    return new StreamId(category + "-" + id);
  }

  /** The text before the first {@code '-'}, or the whole value when it has none. */
  public String category() {
    int dash = value.indexOf('-');
    return dash < 0 ? value : value.substring(0, dash);
  }

  @Override
  public int compareTo(StreamId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
