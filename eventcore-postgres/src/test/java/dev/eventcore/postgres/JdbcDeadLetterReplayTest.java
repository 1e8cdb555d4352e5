package dev.eventcore.postgres;

import static dev.eventcore.postgres.PoisonEventsTest.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.postgres.PoisonEventsTest.PoisonedLog;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.projection.ReplayResult;
import dev.eventcore.projection.StaleCheckpointException;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Replaying the dead letters of a {@link JdbcProjection}: the handler's writes, the removal of the
 * letter and the fenced checkpoint commit in one transaction, so a replay that fails after its
 * write leaves neither the row nor the removal; an undecodable row is reported until it is fixed;
 * a replay while the projection runs live keeps every count exact.
 */
class JdbcDeadLetterReplayTest extends CounterProjectionTest {
  private static final String NAME = CounterReadModel.NAME;

  private PostgresDeadLetterStore letters;
  private final List<GlobalPosition> positions = new ArrayList<>();

  private ProjectionRunner runner(PostgresEventStore on, PostgresDeadLetterStore deadLetters) {
    return CounterReadModel.runner(on, Duration.ofSeconds(10))
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters)).build();
  }

  private GlobalPosition append(String stream) {
    GlobalPosition at = store.append(StreamId.of(stream), ExpectedVersion.any(),
        List.of(EventData.of(new TestEvent.Numbered(1)))).lastPosition();
    positions.add(at);
    return at;
  }

  private Checkpoint checkpoint() {
    return PostgresCheckpointStore.of(store).load(NAME);
  }

  @Test
  void aReplayThatFailsAfterItsWriteCommitsNeitherTheRowNorTheLetterRemoval() throws Exception {
    letters = PostgresDeadLetterStore.of(store);
    append("good-1");
    GlobalPosition bad = append("bad-1");
    GlobalPosition last = append("good-2");
    model.poisoned.add(bad); // its handler writes its row, then throws
    try (ProjectionRunner runner = runner(store, letters)) {
      runner.register(model.projection(store));
      runner.start(NAME);
      assertTrue(runner.awaitPosition(NAME, last, WAIT));
      assertEquals(Map.of("good-1", 1L, "good-2", 1L), model.counts());
      assertEquals(1, letters.count(NAME));
      Checkpoint before = checkpoint();
      assertEquals(last, before.position());

      int written = (int) model.handled.stream().filter(bad::equals).count();
      ReplayResult failed = runner.replayDeadLetter(NAME, bad);
      assertEquals(1, failed.stillFailing().size(), failed.toString());
      assertEquals(written + 1, model.handled.stream().filter(bad::equals).count(),
          "the handler wrote its row again");
      assertEquals(Map.of("good-1", 1L, "good-2", 1L), model.counts(), "the row rolled back");
      List<DeadLetter> kept = letters.list(NAME);
      assertEquals(1, kept.size(), "the letter's removal rolled back with it");
      assertEquals(2, kept.get(0).attempts());
      assertTrue(kept.get(0).error().contains("planned failure"), kept.get(0).error());
      assertEquals(before.position(), checkpoint().position());

      model.poisoned.clear();
      ReplayResult replayed = runner.replayDeadLetter(NAME, bad);
      assertEquals(List.of(kept.get(0)), replayed.replayed());
      assertEquals(Map.of("good-1", 1L, "bad-1", 1L, "good-2", 1L), model.counts());
      assertEquals(0, letters.count(NAME));
      Checkpoint after = checkpoint();
      assertEquals(before.position(), after.position(), "the checkpoint stays where it was");
      assertTrue(after.revision() > before.revision(), "fenced: saved in the replay's transaction");
      assertEquals(ProjectionState.RUNNING, runner.status(NAME).state());

      GlobalPosition more = append("good-3");
      assertTrue(runner.awaitPosition(NAME, more, WAIT));
      assertEquals(Map.of("good-1", 1L, "bad-1", 1L, "good-2", 1L, "good-3", 1L),
          model.counts());
    }
  }

  @Test
  void theLetterRemovalCommitsInTheTransactionOfTheWritesOrNotAtAll() throws Exception {
    letters = PostgresDeadLetterStore.of(store);
    append("good-1");
    GlobalPosition bad = append("bad-1");
    GlobalPosition last = append("good-2");
    model.poisoned.add(bad);
    try (ProjectionRunner runner = runner(store, letters)) {
      runner.register(model.projection(store));
      runner.start(NAME);
      assertTrue(runner.awaitPosition(NAME, last, WAIT));
      runner.stop(NAME);
    }
    model.poisoned.clear();
    assertEquals(1, letters.count(NAME));
    RecordedEvent<?> event = store.readAll(GlobalPosition.of(bad.value() - 1), 1).get(0);
    assertEquals(bad, event.position());
    JdbcProjection projection = model.projection(store);
    Checkpoint stored = checkpoint();
    Checkpoint stale = new Checkpoint(NAME, stored.position(), stored.revision() - 1,
        stored.fencingToken());

    assertThrows(StaleCheckpointException.class,
        () -> projection.replay(List.of(event), stale, stored.fencingToken(), letters));
    assertEquals(Map.of("good-1", 1L, "good-2", 1L), model.counts(), "no row");
    assertEquals(1, letters.count(NAME), "no removal");
    assertEquals(stored, checkpoint());

    Checkpoint next = projection.replay(List.of(event), stored, stored.fencingToken(), letters);
    assertEquals(stored.next(stored.position(), stored.fencingToken()), next);
    assertEquals(next, checkpoint());
    assertEquals(Map.of("good-1", 1L, "bad-1", 1L, "good-2", 1L), model.counts());
    assertEquals(0, letters.count(NAME), "removed by the projection's own commit");
  }

  @Test
  void anUndecodableRowIsReportedUntilItIsFixedThenCountedOnce() throws Exception {
    try (PoisonedLog log = new PoisonedLog(PoisonRow.TEXT_FOR_A_PRIMITIVE_FIELD)) {
      CounterReadModel poisonModel = new CounterReadModel(log.db);
      PostgresDeadLetterStore deadLetters = PostgresDeadLetterStore.of(log.store);
      try (ProjectionRunner runner = runner(log.store, deadLetters)) {
        runner.register(poisonModel.projection(log.store));
        runner.start(NAME);
        assertTrue(runner.awaitPosition(NAME, log.last(), WAIT));
        assertEquals(1, deadLetters.countUndecodable(NAME));
        ReplayResult still = runner.replayDeadLetters(NAME);
        assertEquals(1, still.stillFailing().size());
        String reason = still.stillFailing().get(0).reason();
        assertTrue(reason.contains("still cannot be decoded"), reason);
        assertTrue(reason.contains(log.row.reasonContains), reason);
        DeadLetter kept = deadLetters.list(NAME).get(0);
        log.assertEnvelope(kept.undecodable().orElseThrow());
        assertEquals(Map.of("good-1", 1L, "after-1", 1L, "after-2", 1L), poisonModel.counts());

        log.db.sql("UPDATE %s.events SET data = '{\"n\": 4}'::jsonb"
            + " WHERE stream_id = '" + PoisonEventsTest.POISON.value() + "'"); // fixed by hand
        ReplayResult replayed = runner.replayDeadLetters(NAME);
        assertEquals(List.of(kept), replayed.replayed());
        assertEquals(Map.of("good-1", 1L, PoisonEventsTest.POISON.value(), 1L, "after-1", 1L,
            "after-2", 1L), poisonModel.counts());
        assertEquals(0, deadLetters.count(NAME));
        assertEquals(0, deadLetters.countUndecodable(NAME));
      }
    }
  }

  @Test
  void aReplayWhileTheProjectionRunsLiveKeepsEveryCountExact() throws Exception {
    letters = PostgresDeadLetterStore.of(store);
    List<GlobalPosition> bad = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      append("before-" + i);
      bad.add(append("bad-" + i));
    }
    model.poisoned.addAll(bad);
    try (ProjectionRunner runner = runner(store, letters)) {
      runner.register(model.projection(store, 50, Duration.ofMillis(5)));
      runner.start(NAME);
      assertTrue(runner.awaitPosition(NAME, positions.get(positions.size() - 1), WAIT));
      assertEquals(4, letters.count(NAME));
      model.poisoned.clear();

      AtomicBoolean stop = new AtomicBoolean();
      List<GlobalPosition> live = new CopyOnWriteArrayList<>();
      Thread writer = new Thread(() -> {
        for (int i = 0; !stop.get() && i < 2_000; i++) {
          live.add(store.append(StreamId.of("live", Integer.toString(i % 7)), ExpectedVersion.any(),
              List.of(EventData.of(new TestEvent.Numbered(i)))).lastPosition());
        }
      }, "jdbc-replay-writer");
      writer.start();
      List<ReplayResult> results = new ArrayList<>();
      try {
        for (GlobalPosition position : bad) {
          int seen = live.size();
          while (live.size() < seen + 10 && writer.isAlive()) {
            Thread.sleep(1);
          }
          results.add(runner.replayDeadLetter(NAME, position));
        }
      } finally {
        stop.set(true);
        writer.join();
      }
      assertTrue(runner.awaitPosition(NAME, live.get(live.size() - 1), WAIT));
      for (ReplayResult result : results) {
        assertTrue(result.allReplayed(), result.toString());
      }
      assertEquals(1, model.maxConcurrent.get(), "the handler never ran twice at once");
      assertEquals(0, letters.count(NAME));
      List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 100_000,
          EventFilter.all()).events();
      assertEquals(CounterReadModel.expectedCounts(all), model.counts(),
          "every event counted exactly once, the replayed ones too");
      assertEquals(live.get(live.size() - 1), checkpoint().position());
    }
  }
}
