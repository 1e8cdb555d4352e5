package dev.eventcore.projection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Shared helpers of the projection tests. */
final class Fixtures {
  static final Duration WAIT = Duration.ofSeconds(30);

  private Fixtures() {}

  /** Appends {@code count} single-event appends to {@code category}-0..3; the last result. */
  static AppendResult append(EventStore store, String category, int count) {
    AppendResult last = null;
    for (int i = 0; i < count; i++) {
      last = store.append(StreamId.of(category, Integer.toString(i % 4)), ExpectedVersion.any(),
          List.of(EventData.of(new ContractEvent.Noted(category + " " + i))));
    }
    if (last == null) {
      throw new IllegalArgumentException("count must be >= 1");
    }
    return last;
  }

  /** Every position of the log, in order. */
  static List<GlobalPosition> positions(EventStore store) {
    List<GlobalPosition> out = new ArrayList<>();
    GlobalPosition after = GlobalPosition.START;
    while (true) {
      List<RecordedEvent<?>> page = store.readAll(after, 10_000);
      if (page.isEmpty()) {
        return out;
      }
      for (RecordedEvent<?> event : page) {
        out.add(event.position());
      }
      after = page.get(page.size() - 1).position();
    }
  }

  /** Polls {@code condition} every few ms; fails after {@link #WAIT}. */
  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(2);
    }
  }

  /** A clock tests move by hand. */
  static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
