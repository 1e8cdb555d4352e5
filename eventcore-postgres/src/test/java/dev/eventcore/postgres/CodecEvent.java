package dev.eventcore.postgres;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The events of the codec tests: nested types, exact numbers, instants, unicode. */
sealed interface CodecEvent {
  /** An order with lines. */
  record Ordered(String id, List<String> lines, BigDecimal total, Instant at)
      implements CodecEvent {}

  /** A sensor reading. */
  record Reading(String sensor, long value) implements CodecEvent {}

  /** A value with its class name as a type id, which the default mappers write but do not read. */
  record Typed(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object value) implements CodecEvent {}
}
