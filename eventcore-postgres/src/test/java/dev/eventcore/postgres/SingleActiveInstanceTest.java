package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.Lease;
import dev.eventcore.projection.ProjectionLease;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.projection.StaleCheckpointException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One active instance: three instances of one projection, each with its own store and runner (as separate
 * processes would), sharing the database; the active one is killed repeatedly.
 */
class SingleActiveInstanceTest {
  private static final Duration TTL = Duration.ofSeconds(1);
  private static final int EVENTS = 2000;

  private PostgresTestDatabase db;
  private PostgresEventStore writerStore;
  private CounterReadModel model;

  @BeforeEach
  void open() throws Exception {
    db = PostgresTestDatabase.newSchema();
    writerStore = db.store();
    model = new CounterReadModel(db);
  }

  @AfterEach
  void close() throws Exception {
    writerStore.close();
    db.close();
  }

  /** A process: its own store (pool), runner and lease; killing it stops it without goodbyes. */
  private final class Instance {
    final PostgresEventStore store = db.store();
    final KillableLease lease = new KillableLease(PostgresProjectionLease.of(store, TTL));
    final ProjectionRunner runner =
        CounterReadModel.runner(store, TTL).lease(lease).build();

    Instance() {
      runner.register(model.projection(store));
      runner.start(CounterReadModel.NAME);
    }

    boolean running() {
      return runner.status(CounterReadModel.NAME).state() == ProjectionState.RUNNING;
    }

    void discard() {
      runner.close(); // its late commit, if any, is fenced off by the successor's token
      store.close();
    }
  }

  @Test
  void atMostOneInstanceAppliesAndASuccessorTakesOverWithinTwoLeases() throws Exception {
    Thread writer = new Thread(() -> {
      Random random = new Random();
      for (int i = 0; i < EVENTS; i++) {
        writerStore.append(StreamId.of("counter", Integer.toString(random.nextInt(30))),
            ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(i))));
      }
    });
    writer.start();
    List<Instance> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      instances.add(new Instance());
    }
    for (int kill = 0; kill < 4; kill++) {
      Instance active = awaitActive(instances, Duration.ofSeconds(10));
      Thread.sleep(ThreadLocalRandom.current().nextLong(100, 400));
      long killedAt = System.nanoTime();
      active.lease.kill();
      model.killTransaction();
      List<Instance> others = new ArrayList<>(instances);
      others.remove(active);
      Instance successor = awaitActive(others, TTL.multipliedBy(2));
      Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
      assertTrue(takeover.compareTo(TTL.multipliedBy(2)) <= 0, "took over in " + takeover);
      assertTrue(successor.lease.token() > active.lease.token());
      active.discard();
      instances.remove(active);
      instances.add(new Instance());
    }
    writer.join();
    List<RecordedEvent<?>> all = writerStore.readAll(GlobalPosition.START, 1_000_000);
    GlobalPosition last = all.get(all.size() - 1).position();
    Instance active = awaitActive(instances, Duration.ofSeconds(10));
    assertTrue(active.runner.awaitPosition(CounterReadModel.NAME, last, Duration.ofSeconds(60)));
    Map<String, Long> expected = new HashMap<>();
    all.forEach(event -> expected.merge(event.streamId().value(), 1L, Long::sum));
    assertEquals(expected, model.counts(), "no event applied twice or lost");
    assertEquals(1, model.maxConcurrent.get(), "at most one instance applies at a time");
    for (Instance instance : instances) {
      instance.discard();
    }
  }

  @Test
  void aStaleInstancesLateCommitIsRejectedAndItsWritesRolledBack() throws Exception {
    PostgresEventStore store = db.store();
    try {
      store.append(StreamId.of("counter", "1"), ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(1))));
      RecordedEvent<?> event = store.readAll(GlobalPosition.START, 10).get(0);
      PostgresProjectionLease leases = PostgresProjectionLease.of(store, Duration.ofMillis(200));
      PostgresCheckpointStore checkpoints = PostgresCheckpointStore.of(store);
      Lease old = leases.tryAcquire(CounterReadModel.NAME, "old").orElseThrow();
      JdbcProjection zombie = model.projection(store);
      zombie.open(checkpoints.load(CounterReadModel.NAME), old.fencingToken());
      zombie.handle(event); // written, not committed: then the VM pauses past its lease
      Thread.sleep(300);
      Lease successor = leases.tryAcquire(CounterReadModel.NAME, "new").orElseThrow();
      assertTrue(successor.fencingToken() > old.fencingToken());
      assertFalse(old.renew(), "the old holder's renewal fails");
      Checkpoint claimed = checkpoints.save(
          checkpoints.load(CounterReadModel.NAME), GlobalPosition.START, successor.fencingToken());
      assertThrows(StaleCheckpointException.class, () -> zombie.commit(event.position()));
      assertEquals(Map.of(), model.counts(), "the stale instance's writes were rolled back");
      assertEquals(claimed, checkpoints.load(CounterReadModel.NAME));
      old.close();
      successor.close();
    } finally {
      store.close();
    }
  }

  private static Instance awaitActive(List<Instance> instances, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Instance instance : instances) {
        if (instance.running()) {
          return instance;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no instance became active within " + timeout);
  }

  /** A lease whose holder can be killed: it then never renews, releases or acquires again. */
  private static final class KillableLease implements ProjectionLease {
    private final ProjectionLease delegate;
    private volatile boolean killed;
    private volatile long token;

    KillableLease(ProjectionLease delegate) {
      this.delegate = delegate;
    }

    void kill() {
      killed = true;
    }

    long token() {
      return token;
    }

    @Override
    public Optional<Lease> tryAcquire(String projection, String owner) {
      if (killed) {
        return Optional.empty();
      }
      Optional<Lease> granted = delegate.tryAcquire(projection, owner);
      granted.ifPresent(lease -> token = lease.fencingToken());
      return granted.map(lease -> new Lease() {
        @Override
        public String projection() {
          return lease.projection();
        }

        @Override
        public String owner() {
          return lease.owner();
        }

        @Override
        public long fencingToken() {
          return lease.fencingToken();
        }

        @Override
        public boolean renew() {
          return !killed && lease.renew();
        }

        @Override
        public void close() {
          if (!killed) {
            lease.close();
          }
        }
      });
    }
  }
}
