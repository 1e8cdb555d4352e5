package dev.eventcore.postgres;

import dev.eventcore.serialization.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The events the PostgreSQL tests write. */
sealed interface TestEvent {
  /** A numbered event. */
  record Numbered(long n) implements TestEvent {}

  /** An event with richer types: java.time, Optional, lists, BigDecimal. */
  @EventType("rich")
  record Rich(String text, Instant at, Optional<String> note, List<Integer> values, BigDecimal amount)
      implements TestEvent {}
}
