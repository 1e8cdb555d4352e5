package dev.eventcore.examples;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validation of the identifiers the examples use: order, customer, payment, account ids. */
public final class Ids {
  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Ids() {}

  /**
   * Returns {@code value} if it is a valid identifier: 1 to 64 letters, digits, {@code '-'} or
   * {@code '_'}, so that it can be part of a stream id.
   *
   * @param name what the identifier is, for the messages ("orderId")
   * @throws NullPointerException naming {@code name} if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not a valid identifier
   */
  public static String require(String value, String name) {
    Objects.requireNonNull(value, name);
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "invalid " + name + " '" + value + "': use 1 to 64 letters, digits, '-' or '_'");
    }
    return value;
  }
}
