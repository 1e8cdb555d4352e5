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
import dev.eventcore.memory.InMemoryEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One active instance of a projection: in a runner, between runners, against stale writers. */
class SingleInstanceTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final List<GlobalPosition> delivered = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Projection guarded(String name) {
    return Projection.of(name, (RecordedEvent<?> event) -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        if (ThreadLocalRandom.current().nextInt(50) == 0) {
          Thread.sleep(1);
        }
        delivered.add(event.position());
      } finally {
        inFlight.decrementAndGet();
      }
    });
  }

  @Test
  void concurrentStartPauseResumeStopNeverRunTheProjectionTwiceNorRedeliver() throws Exception {
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofMillis(2)).build()) {
      runner.register(guarded("busy"));
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer = new Thread(() -> {
        while (writing.get()) {
          append(store, "order", 10);
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      writer.start();
      List<Thread> operators = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int t = 0; t < 4; t++) {
        Thread operator = new Thread(() -> {
          try {
            go.await();
            for (int i = 0; i < 300; i++) {
              try {
                switch (ThreadLocalRandom.current().nextInt(4)) {
                  case 0: runner.start("busy"); break;
                  case 1: runner.pause("busy"); break;
                  case 2: runner.resume("busy"); break;
                  default: runner.stop("busy"); break;
                }
              } catch (IllegalStateException notNow) {
                // pause or resume in a state that does not allow it
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        operator.start();
        operators.add(operator);
      }
      go.countDown();
      for (Thread operator : operators) {
        operator.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!operator.isAlive(), "operator finished");
      }
      writing.set(false);
      writer.join();
      runner.stop("busy");
      runner.start("busy");
      List<GlobalPosition> log = Fixtures.positions(store);
      assertTrue(runner.awaitPosition("busy", log.get(log.size() - 1), WAIT));
      assertEquals(1, maxInFlight.get(), "never two handler calls at once");
      assertEquals(log, delivered, "every event exactly once, in order, across restarts");
    }
  }

  @Test
  void aSecondRunnerWaitsOnStandbyAndTakesOverWithoutRedelivering() throws Exception {
    ProjectionLease lease = ProjectionLease.inProcess();
    append(store, "order", 500);
    try (ProjectionRunner first = ProjectionRunner.builder(store, checkpoints).lease(lease)
            .owner("first").tick(Duration.ofMillis(5)).build();
        ProjectionRunner second = ProjectionRunner.builder(store, checkpoints).lease(lease)
            .owner("second").tick(Duration.ofMillis(5)).build()) {
      first.register(guarded("shared"));
      second.register(guarded("shared"));
      first.start("shared");
      second.start("shared");
      assertEquals(ProjectionState.RUNNING, first.status("shared").state());
      assertEquals(ProjectionState.STANDBY, second.status("shared").state());
      assertThrows(IllegalStateException.class, () -> second.rebuild("shared"));
      append(store, "order", 100);
      first.stop("shared");
      eventually("the standby takes over",
          () -> second.status("shared").state() == ProjectionState.RUNNING);
      AppendResult last = append(store, "order", 100);
      assertTrue(second.awaitPosition("shared", last.lastPosition(), WAIT));
      assertEquals(1, maxInFlight.get());
      assertEquals(Fixtures.positions(store), delivered, "handed over at the checkpoint");
    }
  }

  @Test
  void aStaleInstancesLateCheckpointWriteIsRejected() throws Exception {
    Fixtures.ManualClock clock = new Fixtures.ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    ProjectionLease lease = ProjectionLease.inProcess(Duration.ofSeconds(10), clock);
    AppendResult written = append(store, "order", 100);
    // the stale instance ticks once an hour: it cannot notice it lost the lease before writing
    try (ProjectionRunner stale = ProjectionRunner.builder(store, checkpoints).lease(lease)
            .owner("stale").tick(Duration.ofHours(1)).build();
        ProjectionRunner successor = ProjectionRunner.builder(store, checkpoints).lease(lease)
            .owner("successor").tick(Duration.ofMillis(5)).build()) {
      stale.register(Projection.of("fenced", event -> { }));
      successor.register(Projection.of("fenced", event -> { }));
      stale.start("fenced");
      assertTrue(stale.awaitPosition("fenced", written.lastPosition(), WAIT));
      clock.advance(Duration.ofSeconds(11)); // the stale instance's lease expires (a long GC pause)
      successor.start("fenced");
      assertEquals(ProjectionState.RUNNING, successor.status("fenced").state());
      Checkpoint claimed = checkpoints.load("fenced");
      assertEquals(2, claimed.fencingToken(), "the successor fenced the checkpoint");
      stale.pause("fenced"); // wakes up and tries to save its position
      ProjectionStatus status = stale.status("fenced");
      assertEquals(ProjectionState.STANDBY, status.state(), "the stale instance stood down");
      assertTrue(status.lastError().orElseThrow().message().contains("taken over"),
          status.lastError().toString());
      assertEquals(2, checkpoints.load("fenced").fencingToken());
      AppendResult more = append(store, "order", 5);
      assertTrue(successor.awaitPosition("fenced", more.lastPosition(), WAIT));
    }
  }

  @Test
  void aLeaseWithTheCheckpointsOwnTokenResumesItButAnOlderTokenIsFencedOut() throws Exception {
    AppendResult first = append(store, "order", 20);
    // a runner with a lease of its own (the default), as in another process: tokens start at 1
    try (ProjectionRunner earlier = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofMillis(5)).build()) {
      earlier.register(guarded("tokens"));
      earlier.start("tokens");
      assertTrue(earlier.awaitPosition("tokens", first.lastPosition(), WAIT));
    }
    assertEquals(first.lastPosition(), checkpoints.load("tokens").position());
    assertEquals(1, checkpoints.load("tokens").fencingToken(), "claimed and saved under token 1");

    AppendResult second = append(store, "order", 20);
    ProjectionLease restarted = ProjectionLease.inProcess(); // grants token 1 again
    try (ProjectionRunner later = ProjectionRunner.builder(store, checkpoints).lease(restarted)
        .tick(Duration.ofMillis(5)).build()) {
      later.register(guarded("tokens"));
      later.start("tokens");
      assertEquals(ProjectionState.RUNNING, later.status("tokens").state(), "the same token");
      assertTrue(later.awaitPosition("tokens", second.lastPosition(), WAIT));
      later.stop("tokens");
      later.start("tokens"); // token 2 from this lease now
      later.stop("tokens");
    }
    assertEquals(2, checkpoints.load("tokens").fencingToken());
    assertEquals(Fixtures.positions(store), delivered, "resumed after the checkpoint");

    try (ProjectionRunner older = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofHours(1)).build()) { // its own lease again: token 1 < 2
      older.register(guarded("tokens"));
      older.start("tokens");
      ProjectionStatus status = older.status("tokens");
      assertEquals(ProjectionState.STANDBY, status.state(), "an older token is fenced out");
      assertTrue(status.lastError().isPresent());
    }
    assertEquals(2, checkpoints.load("tokens").fencingToken());
    assertEquals(Fixtures.positions(store), delivered, "nothing delivered under the older token");
  }

  @Test
  void aRunnerThatLosesItsLeaseStopsApplyingEvents() throws Exception {
    RevocableLease lease = new RevocableLease();
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).lease(lease)
        .tick(Duration.ofMillis(5)).build()) {
      runner.register(guarded("revoked"));
      runner.start("revoked");
      AppendResult first = append(store, "order", 10);
      assertTrue(runner.awaitPosition("revoked", first.lastPosition(), WAIT));
      lease.revoke();
      eventually("the runner stands down",
          () -> runner.status("revoked").state() == ProjectionState.STANDBY);
      int before = delivered.size();
      append(store, "order", 10);
      Thread.sleep(50);
      assertEquals(before, delivered.size(), "nothing applied without the lease");
      assertTrue(runner.status("revoked").lastError().orElseThrow().message().contains("lease"));
    }
  }

  @Test
  void checkpointWritesAreCompareAndSetAndFenced() {
    Checkpoint none = checkpoints.load("cas");
    assertEquals(Checkpoint.initial("cas"), none);
    Checkpoint first = checkpoints.save(none, GlobalPosition.of(5), 1);
    assertEquals(new Checkpoint("cas", GlobalPosition.of(5), 1, 1), first);
    StaleCheckpointException stale = assertThrows(StaleCheckpointException.class,
        () -> checkpoints.save(none, GlobalPosition.of(6), 1));
    assertEquals(first, stale.actual());
    Checkpoint second = checkpoints.save(first, GlobalPosition.of(9), 2);
    assertThrows(StaleCheckpointException.class,
        () -> checkpoints.save(second, GlobalPosition.of(10), 1), "an older lease is fenced out");
    assertEquals(second, checkpoints.load("cas"));
    assertEquals(GlobalPosition.START,
        checkpoints.save(second, GlobalPosition.START, 2).position(), "a reset moves back");
    assertThrows(IllegalArgumentException.class, () -> checkpoints.save(none, GlobalPosition.START, 0));
  }

  /** A lease an operator can revoke: renewals fail from then on. */
  private static final class RevocableLease implements ProjectionLease {
    private final ProjectionLease inner = ProjectionLease.inProcess();
    private final AtomicBoolean revoked = new AtomicBoolean();

    void revoke() {
      revoked.set(true);
    }

    @Override
    public Optional<Lease> tryAcquire(String projection, String owner) {
      if (revoked.get()) {
        return Optional.empty();
      }
      return inner.tryAcquire(projection, owner).map(granted -> new ForwardingLease(granted) {
        @Override
        public boolean renew() {
          return !revoked.get() && granted.renew();
        }
      });
    }
  }
}
