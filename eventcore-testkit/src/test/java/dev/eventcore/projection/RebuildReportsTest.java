package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.RecordedEvent;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.RecordingObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a rebuild's progress is reported: at its start, at its end, and once per interval. */
class RebuildReportsTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final List<RecordedEvent<?>> seen = new CopyOnWriteArrayList<>();
  private final RecordingObserver observer = new RecordingObserver();

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void rebuildProgressIsReportedAtTheStartTheEndAndOncePerIntervalBetween() throws Exception {
    Fixtures.ManualClock clock = new Fixtures.ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    List<RebuildProgress> progress = new CopyOnWriteArrayList<>();
    AppendResult written = append(store, "order", 200);
    try (ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
        .clock(clock).tick(Duration.ofMillis(2)).progressInterval(Duration.ofHours(1))
        .progressListener(progress::add).observer(observer).build()) {
      runner.register(Projection.of("rebuilt", seen::add));
      runner.start("rebuilt");
      assertTrue(runner.awaitPosition("rebuilt", written.lastPosition(), WAIT));
      runner.rebuild("rebuilt");
      Fixtures.eventually("the rebuild finishes",
          () -> runner.status("rebuilt").state() == ProjectionState.RUNNING);
      assertEquals(2, progress.size(), "no report within the hour but the last: " + progress);
      assertEquals(0, progress.get(0).done());
      assertEquals(200, progress.get(1).done());
      assertTrue(progress.get(1).finished());
      assertEquals(400, seen.size());
      assertEquals(List.of("rebuildProgress rebuilt 0 200", "rebuildProgress rebuilt 200 200"),
          observer.of("rebuildProgress"), "the observer hears the same");
    }
  }
}
