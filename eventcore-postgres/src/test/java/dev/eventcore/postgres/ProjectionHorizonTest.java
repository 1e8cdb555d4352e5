package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A {@link JdbcProjection}'s open transaction holds the database's transaction horizon back, and
 * with it every reader of the global log: events committed after its transaction began stay
 * unreadable until it ends. So it commits as soon as its subscription has caught up, not at the
 * runner's next tick: with a 30-second tick, other subscribers and the projection's own readers
 * still see new events within moments.
 */
class ProjectionHorizonTest extends CounterProjectionTest {
  private static final Duration LONG_TICK = Duration.ofSeconds(30);
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  @Test
  void aCaughtUpProjectionCommitsAtOnceSoOtherSubscribersAreNotHeldBehindItsTransaction()
      throws Exception {
    AtomicLong seen = new AtomicLong();
    try (ProjectionRunner runner = CounterReadModel.runner(store, Duration.ofSeconds(60))
            .tick(LONG_TICK).build();
        Subscription other = store.subscribe(GlobalPosition.START, event -> seen.incrementAndGet())) {
      runner.register(model.projection(store));
      runner.start(CounterReadModel.NAME);
      for (int round = 1; round <= 3; round++) {
        AppendResult first = append(round);
        awaitHandledByProjection(first.lastPosition());
        // the projection wrote the first event: had it kept its transaction open until the tick,
        // nothing appended from now on could be read for 30 seconds
        AppendResult second = append(round);
        assertTrue(other.awaitPosition(second.lastPosition(), PROMPTLY),
            "another subscriber reads a later event promptly (round " + round + ")");
        assertTrue(runner.awaitPosition(CounterReadModel.NAME, second.lastPosition(), PROMPTLY),
            "the projection committed it without waiting for its tick: "
                + runner.status(CounterReadModel.NAME));
        assertEquals(second.lastPosition(), model.storedCheckpoint(store));
      }
      assertEquals(6, seen.get());
      assertEquals(6L, model.counts().values().stream().mapToLong(Long::longValue).sum());
    }
  }

  private AppendResult append(int round) {
    return store.append(StreamId.of("counter", Integer.toString(round)), ExpectedVersion.any(),
        List.of(EventData.of(new TestEvent.Numbered(round))));
  }

  private void awaitHandledByProjection(GlobalPosition position) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!model.handled.contains(position)) {
      assertTrue(System.nanoTime() < deadline, "the projection never handled " + position);
      Thread.sleep(1);
    }
  }
}
