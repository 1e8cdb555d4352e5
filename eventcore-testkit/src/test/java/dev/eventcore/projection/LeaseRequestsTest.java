package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests an operator leaves with a projection's lease (as the PostgreSQL admin does): the
 * instance granted the lease rebuilds, or replays the dead letters, once, and clears the request.
 */
class LeaseRequestsTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
  private final RequestingLease lease = new RequestingLease();
  private final List<GlobalPosition> handled = new CopyOnWriteArrayList<>();
  private final AtomicInteger resets = new AtomicInteger();

  @AfterEach
  void closeStore() {
    store.close();
  }

  private ProjectionRunner runner() {
    return ProjectionRunner.builder(store, checkpoints).lease(lease)
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))
        .tick(Duration.ofMillis(5)).build();
  }

  /** Records what it handles; refuses the event at {@code poison} while {@code broken}. */
  private Projection projection(GlobalPosition poison, AtomicBoolean broken) {
    return new Projection() {
      @Override
      public String name() {
        return "requested";
      }

      @Override
      public void handle(RecordedEvent<?> event) {
        if (broken.get() && event.position().equals(poison)) {
          throw new IllegalStateException("poison");
        }
        handled.add(event.position());
      }

      @Override
      public void reset() {
        resets.incrementAndGet();
        handled.clear();
      }
    };
  }

  @Test
  void aRebuildRequestedThroughTheLeaseRunsOnceWhereItIsGranted() throws Exception {
    AppendResult written = append(store, "order", 20);
    AtomicBoolean never = new AtomicBoolean();
    try (ProjectionRunner runner = runner()) {
      runner.register(projection(GlobalPosition.START, never));
      runner.start("requested");
      assertTrue(runner.awaitPosition("requested", written.lastPosition(), WAIT));
      runner.stop("requested");
      assertEquals(written.lastPosition(), checkpoints.load("requested").position());

      lease.rebuild.set(true);
      runner.start("requested");
      assertEquals(1, resets.get(), "reset when the lease was granted");
      assertEquals(1, lease.rebuildsStarted.get());
      assertFalse(lease.rebuild.get(), "the request is cleared");
      eventually("the rebuild finishes",
          () -> runner.status("requested").state() == ProjectionState.RUNNING);
      assertEquals(Fixtures.positions(store), handled, "every event again, once");

      runner.stop("requested");
      runner.start("requested"); // granted again: no request any more
      AppendResult more = append(store, "order", 1);
      assertTrue(runner.awaitPosition("requested", more.lastPosition(), WAIT));
      assertEquals(1, resets.get());
      assertEquals(Fixtures.positions(store), handled);
    }
  }

  @Test
  void aReplayRequestedThroughTheLeaseRunsOnceWhereItIsGranted() throws Exception {
    AppendResult written = append(store, "order", 10);
    GlobalPosition poison = Fixtures.positions(store).get(4);
    AtomicBoolean broken = new AtomicBoolean(true);
    try (ProjectionRunner runner = runner()) {
      runner.register(projection(poison, broken));
      runner.start("requested");
      assertTrue(runner.awaitPosition("requested", written.lastPosition(), WAIT));
      runner.stop("requested");
      assertEquals(1, deadLetters.count("requested"));
      assertEquals(9, handled.size());

      broken.set(false);
      lease.replay.set(true);
      runner.start("requested");
      assertEquals(1, lease.replaysStarted.get());
      assertFalse(lease.replay.get(), "the request is cleared");
      assertEquals(0, deadLetters.count("requested"), "replayed on the grant");
      assertEquals(poison, handled.get(handled.size() - 1));
      assertEquals(ProjectionState.RUNNING, runner.status("requested").state());
      AppendResult more = append(store, "order", 2);
      assertTrue(runner.awaitPosition("requested", more.lastPosition(), WAIT));
      assertEquals(12, handled.size(), "each event once");
      assertEquals(0, resets.get());
    }
  }

  @Test
  void aLongReplayRenewsTheLeaseAndStopsOnceItIsLost() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("requested", (RecordedEvent<?> event) -> {
        if (broken.get()) {
          throw new IllegalStateException("refused");
        }
        Thread.sleep(10); // slow work: each event takes two ticks
        handled.add(event.position());
      }));
      runner.start("requested");
      AppendResult written = append(store, "order", 4);
      assertTrue(runner.awaitPosition("requested", written.lastPosition(), WAIT));
      runner.stop("requested");
      assertEquals(4, deadLetters.count("requested"));
      broken.set(false);

      lease.refuseRenewals = true;
      IllegalStateException lost = assertThrows(IllegalStateException.class,
          () -> runner.replayDeadLetters("requested"));
      assertTrue(lost.getMessage().contains("lost its lease while replaying dead letters"),
          lost.getMessage());
      assertTrue(deadLetters.count("requested") >= 2, "the rest are not replayed");
      assertEquals(ProjectionState.STOPPED, runner.status("requested").state(),
          "it took the lease for the replay only");

      lease.refuseRenewals = false;
      lease.renewals.set(0);
      assertTrue(runner.replayDeadLetters("requested").allReplayed());
      assertTrue(lease.renewals.get() >= 1, "renewed while replaying");
      assertEquals(Fixtures.positions(store), handled.stream().sorted().toList());
    }
  }

  @Test
  void anOperatorsRebuildOfAStoppedProjectionWhoseLeaseAlsoAsksForOneRebuildsIt()
      throws Exception {
    AppendResult written = append(store, "order", 10);
    try (ProjectionRunner runner = runner()) {
      runner.register(projection(GlobalPosition.START, new AtomicBoolean()));
      lease.rebuild.set(true);
      runner.rebuild("requested"); // takes the lease, which carries a request of its own
      assertFalse(lease.rebuild.get(), "the lease's request is served too");
      eventually("the rebuild finishes",
          () -> runner.status("requested").state() == ProjectionState.RUNNING);
      assertTrue(runner.awaitPosition("requested", written.lastPosition(), WAIT));
      assertEquals(Fixtures.positions(store), handled, "every event once after the last reset");
    }
  }

  @Test
  void aLeaseLostAtItsRenewalIsClosedSoThatItCanBeGrantedAgain() throws Exception {
    AppendResult first = append(store, "order", 5);
    try (ProjectionRunner runner = runner()) {
      runner.register(projection(GlobalPosition.START, new AtomicBoolean()));
      runner.start("requested");
      assertTrue(runner.awaitPosition("requested", first.lastPosition(), WAIT));
      assertEquals(0, lease.closes.get());
      lease.renewalsToRefuse.set(1);
      eventually("the lost lease is closed", () -> lease.closes.get() == 1);
      // it is free again: this instance is granted it at its next tick and runs on
      AppendResult more = append(store, "order", 5);
      assertTrue(runner.awaitPosition("requested", more.lastPosition(), WAIT));
      assertEquals(ProjectionState.RUNNING, runner.status("requested").state());
      assertTrue(runner.status("requested").lastError().orElseThrow().message()
          .contains("could not renew its lease"));
    }
  }

  @Test
  void aRunningProjectionThatLosesItsLeaseWhileReplayingStandsDownThenTakesItAgain()
      throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    AtomicBoolean armed = new AtomicBoolean();
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("requested", (RecordedEvent<?> event) -> {
        if (broken.get()) {
          throw new IllegalStateException("refused");
        }
        if (armed.getAndSet(false)) {
          lease.renewalsToRefuse.set(1); // the replay's next renewal is refused
        }
        Thread.sleep(10); // slow work: a renewal is due before each next letter
        handled.add(event.position());
      }));
      runner.start("requested");
      AppendResult written = append(store, "order", 4);
      assertTrue(runner.awaitPosition("requested", written.lastPosition(), WAIT));
      assertEquals(4, deadLetters.count("requested"));
      broken.set(false);
      armed.set(true);

      IllegalStateException lost = assertThrows(IllegalStateException.class,
          () -> runner.replayDeadLetters("requested"));
      assertEquals("projection requested lost its lease while replaying dead letters; 1 replayed,"
          + " the rest not", lost.getMessage());
      assertEquals(lost.getMessage(),
          runner.status("requested").lastError().orElseThrow().message(), "it stood down");
      assertEquals(3, deadLetters.count("requested"));
      // the lease it gave back is free: it takes it again and runs on
      AppendResult more = append(store, "order", 1);
      assertTrue(runner.awaitPosition("requested", more.lastPosition(), WAIT));
      assertEquals(ProjectionState.RUNNING, runner.status("requested").state());
    }
  }

  /** An in-process lease whose grants carry an operator's rebuild or replay request. */
  private static final class RequestingLease implements ProjectionLease {
    private final ProjectionLease inner = ProjectionLease.inProcess();
    final AtomicBoolean rebuild = new AtomicBoolean();
    final AtomicBoolean replay = new AtomicBoolean();
    final AtomicInteger rebuildsStarted = new AtomicInteger();
    final AtomicInteger replaysStarted = new AtomicInteger();
    final AtomicInteger renewals = new AtomicInteger();
    final AtomicInteger renewalsToRefuse = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    volatile boolean refuseRenewals;

    @Override
    public Optional<Lease> tryAcquire(String projection, String owner) {
      return inner.tryAcquire(projection, owner).map(granted -> new ForwardingLease(granted) {
        @Override
        public boolean renew() {
          renewals.incrementAndGet();
          boolean refused = renewalsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
          return !refuseRenewals && !refused && granted.renew();
        }

        @Override
        public boolean rebuildRequested() {
          return rebuild.get();
        }

        @Override
        public void rebuildStarted() {
          rebuildsStarted.incrementAndGet();
          rebuild.set(false);
        }

        @Override
        public boolean replayRequested() {
          return replay.get();
        }

        @Override
        public void replayStarted() {
          replaysStarted.incrementAndGet();
          replay.set(false);
        }

        @Override
        public void close() {
          closes.incrementAndGet();
          granted.close();
        }
      });
    }
  }
}
