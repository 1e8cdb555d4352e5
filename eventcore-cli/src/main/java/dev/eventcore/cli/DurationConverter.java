package dev.eventcore.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads "0", "500ms", "2s", "1m", "6h", "90d" (or ISO-8601 "PT2S") as a duration of at least zero. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

  @Override
  public Duration convert(String value) {
    Matcher m = SHORT.matcher(value.trim());
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> Duration.ofSeconds(amount);
      };
    }
    try {
      Duration parsed = Duration.parse(value.trim());
      if (!parsed.isNegative()) {
        return parsed;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new TypeConversionException(
        "'" + value + "' is not a duration: use e.g. 0, 500ms, 2s, 1m, 6h or 90d");
  }
}
