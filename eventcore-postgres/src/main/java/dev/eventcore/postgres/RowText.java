package dev.eventcore.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * A text column read as a {@code String}, or as the very {@code String} the caller already holds
 * when the column holds the same ASCII text. The rows of a read mostly repeat the previous row's
 * event type: comparing its bytes costs less than decoding a new string and hashing it again to
 * find the type's class.
 */
final class RowText {
  private RowText() {}

  /**
   * The text in {@code column}, as {@code getString} gives it, but {@code known} itself when equal
   * (and ASCII).
   */
  static String of(ResultSet row, int column, @Nullable String known) throws SQLException {
    if (known == null) {
      return row.getString(column);
    }
    byte[] utf8 = row.getBytes(column); // as sent, in UTF-8
    if (utf8 == null) {
      return row.getString(column); // SQL NULL, as getString gives it
    }
    return sameAscii(utf8, known) ? known : new String(utf8, StandardCharsets.UTF_8);
  }

  /** Whether {@code utf8} is exactly {@code text}, both ASCII. */
  private static boolean sameAscii(byte[] utf8, String text) {
    if (utf8.length != text.length()) {
      return false;
    }
    for (int i = 0; i < utf8.length; i++) {
      // a byte of a multi-byte character is negative and never equals a char
      if (utf8[i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
