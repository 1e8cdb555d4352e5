package dev.eventcore;

import java.util.Objects;

/** The argument checks the reads of the port share. */
final class ReadLimits {
  /** The largest page one read may ask for. */
  static final int MAX_READ_COUNT = 1_000_000;

  private ReadLimits() {}

  static void requireCount(int maxCount) {
    if (maxCount < 1 || maxCount > MAX_READ_COUNT) {
      throw new IllegalArgumentException(
          "maxCount must be 1.." + MAX_READ_COUNT + " but was " + maxCount);
    }
  }

  static void requireCorrelationId(String correlationId) {
    Objects.requireNonNull(correlationId, "correlationId");
    if (correlationId.isEmpty()) {
      throw new IllegalArgumentException("correlationId must not be empty");
    }
  }
}
