package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.projection.StaleCheckpointException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator steers a projection that an application runs, from another store object with its
 * own pool (another process, as far as the database can tell): pause, resume, rebuild and reset
 * reach the running runner through the lease row, and the stored state says so.
 */
class PostgresProjectionAdminTest {
  private static final String NAME = "counted";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private PostgresTestDatabase db;
  private PostgresEventStore app;
  private PostgresEventStore operator;
  private PostgresProjectionAdmin admin;
  private final AtomicInteger handled = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final List<ProjectionRunner> runners = new ArrayList<>();

  @BeforeEach
  void open() {
    db = PostgresTestDatabase.newSchema();
    app = db.builder().maxPoolSize(6).build();
    operator = db.builder().maxPoolSize(3).build();
    admin = PostgresProjectionAdmin.of(operator);
  }

  @AfterEach
  void close() throws Exception {
    runners.forEach(ProjectionRunner::close);
    app.close();
    operator.close();
    db.close();
  }

  private AppendResult append(int events) {
    List<EventData<TestEvent.Numbered>> batch = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      batch.add(EventData.of(new TestEvent.Numbered(i)));
    }
    return app.append(StreamId.of("order", "1"), ExpectedVersion.any(), batch);
  }

  private ProjectionRunner runner(String owner) {
    ProjectionRunner runner = ProjectionRunner.builder(app, PostgresCheckpointStore.of(app))
        .lease(PostgresProjectionLease.of(app, Duration.ofSeconds(5)))
        .tick(Duration.ofMillis(50)).owner(owner).build();
    runners.add(runner);
    runner.register(new Projection() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public void handle(RecordedEvent<?> event) {
        handled.incrementAndGet();
      }

      @Override
      public void reset() {
        resets.incrementAndGet();
        handled.set(0);
      }
    });
    return runner;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private ProjectionRunner runningWith(int events) throws InterruptedException {
    AppendResult written = append(events);
    ProjectionRunner runner = runner("app-1");
    runner.start(NAME);
    assertTrue(runner.awaitPosition(NAME, written.lastPosition(), WAIT));
    await("the checkpoint is saved", () -> admin.find(NAME).orElseThrow().position()
        .equals(written.lastPosition()));
    return runner;
  }

  @Test
  void aRunningProjectionIsListedActiveWithItsHolderAndCheckpoint() throws Exception {
    runningWith(5);
    StoredProjection stored = admin.list().get(0);
    assertEquals(NAME, stored.name());
    assertEquals(StoredProjection.State.ACTIVE, stored.state());
    assertEquals(Optional.of("app-1"), stored.holder());
    assertTrue(stored.leaseExpiresAt().orElseThrow().isAfter(Instant.now().minusSeconds(1)));
    assertTrue(stored.checkpointSavedAt().isPresent());
    assertEquals(0, stored.deadLetters());
    assertEquals(Optional.empty(), stored.lastError());
    assertEquals(Optional.empty(), admin.find("other"));
  }

  @Test
  void pauseStopsTheRunningInstanceUntilResume() throws Exception {
    ProjectionRunner runner = runningWith(5);
    StoredProjection paused = admin.pause(NAME);
    assertEquals(StoredProjection.State.PAUSED, paused.state());
    await("the runner notices", () -> runner.status(NAME).state() == ProjectionState.STANDBY);
    AppendResult more = append(3);
    Thread.sleep(500); // ten ticks: on standby, nothing is granted or handled
    assertEquals(5, handled.get());
    assertEquals(ProjectionState.STANDBY, runner.status(NAME).state());
    assertEquals(StoredProjection.State.PAUSED, admin.pause(NAME).state()); // idempotent

    assertEquals(Optional.empty(), admin.resume(NAME).pausedAt());
    assertTrue(runner.awaitPosition(NAME, more.lastPosition(), WAIT));
    assertEquals(8, handled.get());
    await("the runner holds the lease again",
        () -> admin.find(NAME).orElseThrow().state() == StoredProjection.State.ACTIVE);
  }

  @Test
  void aRequestedRebuildIsDoneByTheRunningInstanceWithItsResetHook() throws Exception {
    ProjectionRunner runner = runningWith(5);
    long tokenBefore = admin.find(NAME).orElseThrow().fencingToken();
    StoredProjection requested = admin.requestRebuild(NAME);
    assertEquals(StoredProjection.State.REBUILD_REQUESTED, requested.state());
    assertTrue(requested.fencingToken() > tokenBefore);
    await("the rebuild began", () -> resets.get() == 1);
    AppendResult more = append(2);
    assertTrue(runner.awaitPosition(NAME, more.lastPosition(), WAIT));
    assertEquals(7, handled.get()); // reset to 0, replayed 5, then 2 live
    await("the request is cleared",
        () -> admin.find(NAME).orElseThrow().state() == StoredProjection.State.ACTIVE);
    Thread.sleep(300);
    assertEquals(1, resets.get(), "rebuilt once");
  }

  @Test
  void aRebuildRequestedWhileNothingRunsIsDoneByTheNextInstanceStarted() throws Exception {
    runningWith(4).stop(NAME);
    assertEquals(StoredProjection.State.IDLE, admin.find(NAME).orElseThrow().state());
    admin.requestRebuild(NAME);
    ProjectionRunner next = runner("app-2");
    next.start(NAME);
    await("the rebuild began", () -> resets.get() == 1);
    await("replayed", () -> handled.get() == 4);
    assertEquals(Optional.of("app-2"), admin.find(NAME).orElseThrow().holder());
  }

  @Test
  void resetReplaysTheWholeLogIntoTheReadModelAsItIs() throws Exception {
    ProjectionRunner runner = runningWith(5);
    StoredProjection reset = admin.reset(NAME);
    assertEquals(GlobalPosition.START, reset.position());
    await("replayed without the reset hook", () -> handled.get() == 10);
    assertEquals(0, resets.get());
    AppendResult more = append(1);
    assertTrue(runner.awaitPosition(NAME, more.lastPosition(), WAIT));
    assertEquals(11, handled.get());
  }

  @Test
  void aHolderRevokedByAResetCannotWriteItsCheckpointBack() {
    PostgresCheckpointStore checkpoints = PostgresCheckpointStore.of(app);
    Checkpoint held = checkpoints.save(Checkpoint.initial(NAME), GlobalPosition.of(1L << 21), 1);
    admin.reset(NAME);
    assertThrows(StaleCheckpointException.class,
        () -> checkpoints.save(held, GlobalPosition.of(1L << 22), 1));
    assertEquals(GlobalPosition.START, checkpoints.load(NAME).position());
  }

  @Test
  void deadLettersAreCountedAndPurged() {
    PostgresDeadLetterStore letters = PostgresDeadLetterStore.of(app);
    for (int i = 1; i <= 3; i++) {
      letters.add(new DeadLetter("failing", GlobalPosition.of(i), StreamId.of("order-1"),
          dev.eventcore.Version.of(i), dev.eventcore.EventId.random(), "Numbered", 3,
          "java.lang.IllegalStateException: boom " + i, Instant.parse("2026-01-02T03:04:05Z")));
    }
    StoredProjection failing = admin.find("failing").orElseThrow();
    assertEquals(3, failing.deadLetters());
    assertEquals(Optional.of("java.lang.IllegalStateException: boom 3"), failing.lastError());
    assertEquals(StoredProjection.State.UNLEASED, failing.state());
    assertEquals(3, admin.purgeDeadLetters("failing"));
    assertEquals(List.of(), letters.list("failing"));
    assertEquals(Optional.empty(), admin.find("failing"));
  }

  @Test
  void anUnknownProjectionIsRefusedNamingTheKnownOnes() throws Exception {
    runningWith(1);
    for (String operation : List.of("pause", "resume", "reset", "rebuild", "purge")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
        switch (operation) {
          case "pause" -> admin.pause("nope");
          case "resume" -> admin.resume("nope");
          case "reset" -> admin.reset("nope");
          case "rebuild" -> admin.requestRebuild("nope");
          default -> admin.purgeDeadLetters("nope");
        }
      });
      assertTrue(e.getMessage().contains("no projection named 'nope'"), e.getMessage());
      assertTrue(e.getMessage().contains("known: [counted]"), e.getMessage());
    }
    assertEquals("projection", assertThrows(NullPointerException.class,
        () -> admin.pause(null)).getMessage());
    assertEquals("projection", assertThrows(NullPointerException.class,
        () -> admin.find(null)).getMessage());
    assertEquals("store", assertThrows(NullPointerException.class,
        () -> PostgresProjectionAdmin.of(null)).getMessage());
    assertFalse(admin.list().isEmpty());
  }
}
