package dev.eventcore.shredding;

/** What a forgotten value reads as, by the type of its component (see {@link CryptoShredding}). */
final class Redaction {
  private Redaction() {}

  /** The JSON text that stands for a forgotten value of a component of {@code type}. */
  static String of(Class<?> type) {
    if (type == String.class || type == CharSequence.class) {
      return JsonMembers.quote(CryptoShredding.REDACTED);
    }
    if (type == boolean.class) {
      return "false";
    }
    if (type == char.class) {
      return "\"\\u0000\"";
    }
    if (type.isPrimitive()) {
      return "0";
    }
    return "null";
  }
}
