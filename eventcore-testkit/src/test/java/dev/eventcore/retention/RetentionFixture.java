package dev.eventcore.retention;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** What the retention job tests share: an in-memory store on a manual clock, and streams in it. */
abstract class RetentionFixture {
  record Ping(int n) {}

  final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  final InMemoryEventStore store =
      new InMemoryEventStore(EventTypes.of(Ping.class), StoreLimits.defaults(), clock);

  @AfterEach
  void close() {
    store.close();
  }

  /** Appends {@code count} events to {@code stream}, one minute apart. */
  void fill(StreamId stream, int count) {
    for (int i = 0; i < count; i++) {
      store.append(stream, ExpectedVersion.any(), List.of(EventData.of(new Ping(i))));
      clock.advance(Duration.ofMinutes(1));
    }
  }

  List<Long> versions(StreamId stream) {
    return store.readStream(stream).stream().map(e -> e.version().value()).toList();
  }
}
