package dev.eventcore.jackson;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The payloads of {@link EventCodecContract}: records with nested types, lists, maps, exact and
 * large numbers, instants and unicode, all {@link Serializable} so that a codec not built on
 * Jackson (Java serialization in the tests) runs the same contract. No {@code Optional}: it is not
 * serializable by every codec.
 */
public final class CodecPayloads {
  private CodecPayloads() {}

  /** A sealed event family, as applications write them. */
  public sealed interface OrderEvent extends Serializable permits Placed, Shipped, Measured {}

  /** An order line. */
  public record Line(String sku, int quantity, BigDecimal price) implements Serializable {}

  /** Nested records, a list and a map. */
  public record Placed(String orderId, List<Line> lines, Map<String, String> tags, Instant at)
      implements OrderEvent {}

  /** Large numbers. */
  public record Shipped(long parcels, BigInteger tracking, BigDecimal weight, String note)
      implements OrderEvent {}

  /** Floating point values, one and many. */
  public record Measured(double value, double[] series) implements OrderEvent {
    @Override
    public boolean equals(Object other) {
      return other instanceof Measured && Double.compare(value, ((Measured) other).value) == 0
          && java.util.Arrays.equals(series, ((Measured) other).series);
    }

    @Override
    public int hashCode() {
      return Double.hashCode(value) * 31 + java.util.Arrays.hashCode(series);
    }

    @Override
    public String toString() {
      return "Measured[" + value + ", " + java.util.Arrays.toString(series) + "]";
    }
  }

  /** A payload with one text field, for unicode and NUL. */
  public record Note(String text) implements Serializable {}
}
