package dev.eventcore.examples;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stock keeping unit: the product code an order line names and the inventory counts.
 *
 * @param value 1 to 32 characters: upper-case letters, digits and {@code '-'}, starting with a
 *     letter or digit, e.g. {@code "APPLE-1KG"}
 */
public record Sku(String value) {
  private static final Pattern FORMAT = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,31}");

  /** Validates the code. */
  public Sku {
    Objects.requireNonNull(value, "value");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "invalid SKU '" + value + "': use 1 to 32 upper-case letters, digits or '-',"
              + " starting with a letter or digit");
    }
  }

  /** The SKU {@code value}. */
  public static Sku of(String value) {
    return new Sku(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
