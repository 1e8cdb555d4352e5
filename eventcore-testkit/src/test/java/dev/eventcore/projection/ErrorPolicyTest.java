package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryDeadLetterStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Error policies: retries with backoff, then stop at a poison event naming it, or dead-letter if chosen. */
class ErrorPolicyTest {
  private static final GlobalPosition POISON = GlobalPosition.of(30);
  private static final RetryPolicy FOUR_ATTEMPTS =
      new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final List<Duration> slept = new CopyOnWriteArrayList<>();
  private final Map<GlobalPosition, Integer> attempts = new ConcurrentHashMap<>();
  private final List<GlobalPosition> handled = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** Fails every 10th event twice, the poison event always. */
  private Projection flaky(String name) {
    return Projection.of(name, (RecordedEvent<?> event) -> {
      int attempt = attempts.merge(event.position(), 1, Integer::sum);
      if (event.position().equals(POISON)) {
        throw new IllegalStateException("poison at " + event.position());
      }
      if (event.position().value() % 10 == 0 && attempt <= 2) {
        throw new IllegalStateException("transient failure " + attempt);
      }
      handled.add(event.position());
    });
  }

  private ProjectionRunner runner(ErrorPolicy policy) {
    return ProjectionRunner.builder(store, checkpoints).errorPolicy(policy).sleeper(slept::add)
        .tick(Duration.ofMillis(5)).build();
  }

  @Test
  void aPoisonEventIsRetriedToTheLimitThenStopsTheProjectionNamingTheEvent() throws Exception {
    append(store, "order", 50);
    try (ProjectionRunner runner = runner(ErrorPolicy.retryThenStop(FOUR_ATTEMPTS))) {
      runner.register(flaky("strict"));
      runner.start("strict");
      eventually("the projection fails",
          () -> runner.status("strict").state() == ProjectionState.FAILED);
      ProjectionStatus status = runner.status("strict");
      ProjectionError error = status.lastError().orElseThrow();
      assertEquals(POISON, error.position());
      assertEquals("order-1", error.stream().orElseThrow().value());
      assertEquals(8L, error.version().orElseThrow().value());
      assertEquals(4, error.attempts());
      assertTrue(error.message().contains("strict") && error.message().contains("poison"),
          error.message());
      assertEquals(4, attempts.get(POISON), "retried up to the limit, no more");
      assertEquals(3, attempts.get(GlobalPosition.of(10)), "transient failures recovered");
      assertEquals(29, handled.size(), "everything before the poison, nothing after it");
      assertTrue(handled.stream().allMatch(position -> position.compareTo(POISON) < 0));
      assertEquals(GlobalPosition.of(29), checkpoints.load("strict").position());
      assertEquals(GlobalPosition.of(29), status.position());
      assertTrue(slept.containsAll(List.of(Duration.ofMillis(100), Duration.ofMillis(200),
          Duration.ofMillis(400))), "exponential backoff: " + slept);
      ProjectionFailedException failed = assertThrows(ProjectionFailedException.class,
          () -> runner.awaitPosition("strict", GlobalPosition.of(50), WAIT));
      assertEquals(POISON, failed.error().position());
    }
  }

  @Test
  void theDefaultPolicyStopsAtThePoisonEventToo() throws Exception {
    append(store, "order", 40);
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .sleeper(slept::add).tick(Duration.ofMillis(5)).build()) {
      runner.register(flaky("default"));
      runner.start("default");
      eventually("the projection fails",
          () -> runner.status("default").state() == ProjectionState.FAILED);
      assertEquals(ErrorPolicy.defaults().retry().maxAttempts(), attempts.get(POISON));
      assertTrue(handled.stream().allMatch(position -> position.compareTo(POISON) < 0));
    }
  }

  @Test
  void theDeadLetterPolicyRecordsThePoisonEventAndContinues() throws Exception {
    InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    AppendResult last = append(store, "order", 50);
    try (ProjectionRunner runner =
        runner(ErrorPolicy.retryThenDeadLetter(FOUR_ATTEMPTS, deadLetters))) {
      runner.register(flaky("lenient"));
      runner.start("lenient");
      assertTrue(runner.awaitPosition("lenient", last.lastPosition(), WAIT));
      List<DeadLetter> letters = deadLetters.list("lenient");
      assertEquals(1, letters.size());
      DeadLetter letter = letters.get(0);
      assertEquals(POISON, letter.position());
      assertEquals(4, letter.attempts());
      assertTrue(letter.error().contains("poison"), letter.error());
      assertEquals(49, handled.size());
      ProjectionStatus status = runner.status("lenient");
      assertEquals(ProjectionState.RUNNING, status.state());
      assertEquals(49, status.handled(), "the dead-lettered event is not counted as handled");
      assertEquals(1, status.deadLettered());
      assertEquals(last.lastPosition(), status.position());
      assertEquals(0, status.lagEvents());
      assertTrue(status.lastError().isPresent(), "the last error stays visible");
    }
  }

  @Test
  void aRebuildThatDeadLettersAgainFinishesWithEveryEventCountedOnce() throws Exception {
    InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    AppendResult last = append(store, "order", 50);
    List<RebuildProgress> progress = new CopyOnWriteArrayList<>();
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(FOUR_ATTEMPTS, deadLetters))
        .sleeper(slept::add).tick(Duration.ofMillis(5))
        .progressInterval(Duration.ZERO).progressListener(progress::add).build()) {
      runner.register(flaky("rebuilt"));
      runner.start("rebuilt");
      assertTrue(runner.awaitPosition("rebuilt", last.lastPosition(), WAIT));

      runner.rebuild("rebuilt"); // the poison event fails again and is dead-lettered again
      eventually("the rebuild finishes",
          () -> runner.status("rebuilt").state() == ProjectionState.RUNNING);

      RebuildProgress end = progress.get(progress.size() - 1);
      assertTrue(end.finished());
      assertEquals(50, end.total());
      assertEquals(50, end.done(), "49 handled and 1 dead-lettered");
      ProjectionStatus status = runner.status("rebuilt");
      assertEquals(98, status.handled(), "twice 49 since the runner started it");
      assertEquals(2, status.deadLettered());
      assertEquals(last.lastPosition(), status.position());
    }
  }

  @Test
  void aDeadLetterThatCannotBeRecordedStopsTheProjection() throws Exception {
    DeadLetterStore broken = new DeadLetterStore() {
      @Override
      public void add(DeadLetter letter) {
        throw new IllegalStateException("dead letter table is gone");
      }

      @Override
      public List<DeadLetter> list(String projection) {
        return List.of();
      }

      @Override
      public int remove(String projection, GlobalPosition position) {
        return 0;
      }

      @Override
      public int purge(String projection) {
        return 0;
      }
    };
    append(store, "order", 50);
    try (ProjectionRunner runner = runner(ErrorPolicy.retryThenDeadLetter(FOUR_ATTEMPTS, broken))) {
      runner.register(flaky("no-letters"));
      runner.start("no-letters");
      eventually("the projection fails",
          () -> runner.status("no-letters").state() == ProjectionState.FAILED);
      assertEquals(GlobalPosition.of(29), checkpoints.load("no-letters").position());
      assertTrue(handled.stream().allMatch(position -> position.compareTo(POISON) < 0));
    }
  }

  @Test
  void anErrorIsNotRetried() throws Exception {
    append(store, "order", 3);
    try (ProjectionRunner runner = runner(ErrorPolicy.retryThenStop(FOUR_ATTEMPTS))) {
      runner.register(Projection.of("fatal", event -> {
        attempts.merge(event.position(), 1, Integer::sum);
        throw new AssertionError("fatal");
      }));
      runner.start("fatal");
      eventually("the projection fails",
          () -> runner.status("fatal").state() == ProjectionState.FAILED);
      assertEquals(1, attempts.get(GlobalPosition.of(1)));
      assertEquals(GlobalPosition.START, checkpoints.load("fatal").position());
    }
  }

  @Test
  void aFailedProjectionStartedAgainAfterAFixResumesAtTheFailedEvent() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    AppendResult last = append(store, "order", 50);
    try (ProjectionRunner runner = runner(ErrorPolicy.retryThenStop(FOUR_ATTEMPTS))) {
      runner.register(Projection.of("fixed", event -> {
        if (broken.get() && event.position().equals(POISON)) {
          throw new IllegalStateException("poison");
        }
        handled.add(event.position());
      }));
      runner.start("fixed");
      eventually("the projection fails",
          () -> runner.status("fixed").state() == ProjectionState.FAILED);
      broken.set(false); // an operator fixed the cause and starts it again
      runner.start("fixed");
      assertTrue(runner.awaitPosition("fixed", last.lastPosition(), WAIT));
      assertEquals(Fixtures.positions(store), handled, "each event once, none skipped");
      assertEquals(ProjectionState.RUNNING, runner.status("fixed").state());
    }
  }
}
