package dev.eventcore.testkit.contract;

import dev.eventcore.serialization.EventType;
import dev.eventcore.serialization.EventTypes;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Payloads of every shape a codec writes — records, a plain class, a map, nested generic types —
 * for {@link ReadBackContract}: what a store accepts of them it must read back equal.
 *
 * @since 0.1.0
 */
public final class ReadBackEvents {
  private ReadBackEvents() {}

  /** The registry of these payload types. */
  public static EventTypes types() {
    return EventTypes.of(Amount.class, Measure.class, Series.class, Note.class, Maybe.class,
        Grouped.class, Sample.class, Plain.class, Attributes.class, Mixed.class, Dates.class,
        Loose.class);
  }

  /** An exact decimal amount. */
  @EventType("ReadBack.Amount")
  public record Amount(BigDecimal value) {}

  /** A double. */
  public record Measure(double value) {}

  /** Primitive arrays of doubles and floats; equal when their elements are. */
  public record Series(double[] values, float[] ratios) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Series series
          && java.util.Arrays.equals(values, series.values)
          && java.util.Arrays.equals(ratios, series.ratios);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Arrays.hashCode(values) + java.util.Arrays.hashCode(ratios);
    }

    @Override
    public String toString() {
      return "Series" + java.util.Arrays.toString(values) + java.util.Arrays.toString(ratios);
    }
  }

  /** Text. */
  public record Note(String text) {}

  /** An optional note. */
  public record Maybe(String id, Optional<String> note) {}

  /** Nested generic types. */
  public record Grouped(Map<String, List<Map<String, Integer>>> groups, List<List<String>> rows) {}

  /** A map whose keys are not all strings: two may be written as the same JSON key. */
  public record Mixed(Map<Object, String> entries) {}

  /**
   * A value declared {@code Object}: JSON's own types (strings, booleans, ints, longs past an int,
   * doubles, lists and maps of them) read back equal; any other value would read back as one of
   * them.
   */
  public record Loose(Object value) {}

  /** Dates with an offset and a zone, which must read back with them. */
  public record Dates(java.time.OffsetDateTime offset, java.time.ZonedDateTime zoned,
      java.time.Instant instant, java.time.LocalDate day) {}

  /** What the property test generates. */
  public record Sample(String text, double number, BigDecimal amount, Map<String, String> tags) {}

  /** A plain class: public fields, a no-argument constructor, value equality. */
  public static final class Plain {
    /** A name. */
    public String name;

    /** An amount. */
    public double amount;

    /** For codecs. */
    public Plain() {}

    /** A plain value. */
    public Plain(String name, double amount) {
      this.name = name;
      this.amount = amount;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Plain && Objects.equals(name, ((Plain) other).name)
          && Double.compare(amount, ((Plain) other).amount) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, amount);
    }

    @Override
    public String toString() {
      return "Plain[" + name + ", " + amount + "]";
    }
  }

  /** A map as the payload itself. */
  public static final class Attributes extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    /** For codecs. */
    public Attributes() {}

    /** A map of the given entries. */
    public Attributes(Map<String, Object> entries) {
      super(entries);
    }
  }
}
