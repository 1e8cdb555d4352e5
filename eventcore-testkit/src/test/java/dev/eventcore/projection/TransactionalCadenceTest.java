package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the runner commits a {@link TransactionalProjection}: once its oldest uncommitted event has
 * waited the commit delay (not at a tick, which here comes hourly), after a batch it committed by
 * itself, and again from the stored checkpoint after a commit that failed or was fenced out.
 */
class TransactionalCadenceTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

  @AfterEach
  void closeStore() {
    store.close();
  }

  private ProjectionRunner runner() {
    return ProjectionRunner.builder(store, checkpoints).tick(Duration.ofHours(1)).build();
  }

  @Test
  void pendingWritesAreCommittedOnceTheirDelayHasPassed() throws Exception {
    Ledger ledger = new Ledger(Duration.ofMillis(300), 0);
    try (ProjectionRunner runner = runner()) {
      runner.register(ledger);
      runner.start("ledger");
      long before = System.nanoTime();
      AppendResult written = append(store, "order", 5);
      assertTrue(runner.awaitPosition("ledger", written.lastPosition(), WAIT));
      long after = ledger.firstCommitAt() - before;
      assertTrue(after >= Duration.ofMillis(300).toNanos(), "committed after " + after / 1_000_000
          + " ms");
      assertEquals(Fixtures.positions(store), ledger.committed);
      assertEquals(written.lastPosition(), checkpoints.load("ledger").position());
    }
  }

  @Test
  void aBatchTheProjectionCommittedByItselfMovesItsPositionAtOnce() throws Exception {
    Ledger ledger = new Ledger(Duration.ofHours(1), 4); // commits every 4 events itself
    try (ProjectionRunner runner = runner()) {
      runner.register(ledger);
      runner.start("ledger");
      AppendResult written = append(store, "order", 8);
      assertTrue(runner.awaitPosition("ledger", written.lastPosition(), WAIT));
      assertEquals(written.lastPosition(), runner.status("ledger").position());
      assertEquals(Fixtures.positions(store), ledger.committed);
    }
  }

  @Test
  void aFailedCommitRollsBackAndTheEventsComeAgainFromTheStoredCheckpoint() throws Exception {
    Ledger ledger = new Ledger(Duration.ZERO, 0);
    ledger.failures.set(1);
    try (ProjectionRunner runner = runner()) {
      runner.register(ledger);
      runner.start("ledger");
      AppendResult written = append(store, "order", 5);
      assertTrue(runner.awaitPosition("ledger", written.lastPosition(), WAIT));
      assertEquals(Fixtures.positions(store), ledger.committed, "each event committed once");
      assertTrue(ledger.abandons.get() >= 1, "the failed transaction was rolled back");
      ProjectionStatus status = runner.status("ledger");
      assertEquals(ProjectionState.RUNNING, status.state());
      assertTrue(status.lastError().orElseThrow().message().contains("commit failed, rolled back"),
          status.lastError().toString());
    }
  }

  @Test
  void aCommitFencedOutByANewerHolderStandsTheInstanceDown() throws Exception {
    Ledger ledger = new Ledger(Duration.ZERO, 0);
    ledger.fenced = true;
    try (ProjectionRunner runner = runner()) {
      runner.register(ledger);
      runner.start("ledger");
      append(store, "order", 3);
      eventually("the instance stands down",
          () -> runner.status("ledger").state() == ProjectionState.STANDBY);
      assertEquals(List.of(), ledger.committed);
      assertTrue(ledger.abandons.get() >= 1, "its transaction was rolled back");
      assertTrue(runner.status("ledger").lastError().orElseThrow().message()
          .contains("taken over"));
    }
  }

  /** A transactional projection in memory: handled positions pend until committed. */
  private final class Ledger implements TransactionalProjection {
    final List<GlobalPosition> committed = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger abandons = new AtomicInteger();
    volatile boolean fenced;
    private final Duration delay;
    private final int batch;
    private final List<GlobalPosition> pending = new ArrayList<>();
    private final List<Long> commitTimes = new CopyOnWriteArrayList<>();
    private OptionalLong pendingSince = OptionalLong.empty();
    private Optional<Checkpoint> selfCommitted = Optional.empty();
    private Checkpoint stored = Checkpoint.initial("ledger");
    private long token;
    private GlobalPosition last = GlobalPosition.START;

    Ledger(Duration delay, int batch) {
      this.delay = delay;
      this.batch = batch;
    }

    long firstCommitAt() {
      return commitTimes.get(0);
    }

    @Override
    public String name() {
      return "ledger";
    }

    @Override
    public Duration commitDelay() {
      return delay;
    }

    @Override
    public synchronized OptionalLong pendingSince() {
      return pendingSince;
    }

    @Override
    public synchronized Optional<Checkpoint> lastCommitted() {
      return selfCommitted;
    }

    @Override
    public synchronized void open(Checkpoint from, long fencingToken) {
      pending.clear();
      pendingSince = OptionalLong.empty();
      stored = from;
      token = fencingToken;
      last = from.position();
    }

    @Override
    public synchronized void handle(RecordedEvent<?> event) {
      pending.add(event.position());
      last = event.position();
      if (pendingSince.isEmpty()) {
        pendingSince = OptionalLong.of(System.nanoTime());
      }
      if (batch > 0 && pending.size() >= batch) {
        selfCommitted = Optional.of(write(last));
      }
    }

    @Override
    public synchronized Checkpoint commit(GlobalPosition position) {
      if (fenced) {
        throw new StaleCheckpointException(stored, stored.next(stored.position(), token + 1),
            token);
      }
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("disk full");
      }
      GlobalPosition target = last.isAfter(position) ? last : position;
      if (pending.isEmpty() && target.equals(stored.position())) {
        return stored;
      }
      return write(target);
    }

    private Checkpoint write(GlobalPosition target) {
      stored = checkpoints.save(stored, target, token);
      committed.addAll(pending);
      commitTimes.add(System.nanoTime());
      pending.clear();
      pendingSince = OptionalLong.empty();
      return stored;
    }

    @Override
    public synchronized void abandon() {
      pending.clear();
      pendingSince = OptionalLong.empty();
      abandons.incrementAndGet();
    }
  }
}
