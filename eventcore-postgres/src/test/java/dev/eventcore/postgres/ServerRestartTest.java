package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStoreException;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.subscription.Subscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server restarts: the server "restarts" three times under load (a {@link RestartableProxy} resets every
 * connection, refuses new ones for 1.5 s, and the backends are terminated meanwhile). The same
 * store instances keep working: writers resume, every acknowledged append is stored exactly once,
 * subscriptions in this and in "another process" and a JDBC projection deliver every event exactly
 * once in order, the LISTEN connections and the pools recover.
 */
class ServerRestartTest {
  private static final int RESTARTS = 3;
  private static final Duration DOWNTIME = Duration.ofMillis(1500);
  private static final Duration RECOVERY = Duration.ofSeconds(30);

  private PostgresTestDatabase db;
  private String application;

  @BeforeEach
  void open() {
    db = PostgresTestDatabase.newSchema();
    application = "ec_r9_" + db.schema.substring(db.schema.length() - 8);
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void writersSubscribersAndProjectionsResumeAfterServerRestarts() throws Exception {
    try (RestartableProxy proxy = RestartableProxy.to(PostgresTestDatabase.jdbcUrl())) {
      String url =
          proxy.rewrite(PostgresTestDatabase.jdbcUrl()) + "&ApplicationName=" + application;
      // "other" stands for another process: no group commit, woken by NOTIFY or polling
      try (PostgresEventStore store = db.builder().jdbcUrl(url).build();
          PostgresEventStore other = db.builder().jdbcUrl(url).groupCommit(false).build()) {
        CounterReadModel model = new CounterReadModel(db);
        List<RecordedEvent<?>> local = new CopyOnWriteArrayList<>();
        List<RecordedEvent<?>> remote = new CopyOnWriteArrayList<>();
        try (Subscription subscription = store.subscribe(GlobalPosition.START, local::add);
            Subscription otherSubscription = other.subscribe(GlobalPosition.START, remote::add);
            ProjectionRunner runner =
                CounterReadModel.runner(store, Duration.ofSeconds(5)).build()) {
          runner.register(model.projection(store));
          runner.start(CounterReadModel.NAME);
          List<RetryingWriter> writers = restartUnderLoad(proxy, store, other);

          AppendResult marker = store.append(StreamId.of("r9", "marker"),
              ExpectedVersion.noStream(), List.of(EventData.of(new TestEvent.Numbered(-1))));
          GlobalPosition last = marker.lastPosition();
          assertTrue(subscription.awaitPosition(last, RECOVERY), "stalled: " + subscription);
          assertTrue(otherSubscription.awaitPosition(last, RECOVERY),
              "stalled: " + otherSubscription);
          assertTrue(runner.awaitPosition(CounterReadModel.NAME, last, RECOVERY),
              "projection stalled: " + runner.status(CounterReadModel.NAME));

          List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 1_000_000);
          assertEquals(last, all.get(all.size() - 1).position());
          assertAcknowledgedExactlyOnce(writers, other, all);
          assertEquals(ids(all), ids(local), "the subscription got every event once, in order");
          assertEquals(positions(all), positions(local));
          assertEquals(ids(all), ids(remote), "the other process's subscription too");
          assertEquals(CounterReadModel.expectedCounts(all), model.counts(),
              "the projection applied each event once");
          assertEquals(last, model.storedCheckpoint(store));
          assertEquals(ProjectionState.RUNNING, runner.status(CounterReadModel.NAME).state());
        }
        await(() -> listeners() == 2, "both stores LISTEN again");
        assertEquals(0, store.horizonStatus().pendingEvents());
        assertPoolRecovered(store);
        assertPoolRecovered(other);
      }
    }
  }

  /**
   * Starts the writers (three on the group-committing store, one on the other), restarts the
   * server {@link #RESTARTS} times while they and a health poller run, stops and checks them.
   */
  private List<RetryingWriter> restartUnderLoad(
      RestartableProxy proxy, PostgresEventStore store, PostgresEventStore other)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    List<RetryingWriter> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      writers.add(new RetryingWriter(w < 3 ? store : other, StreamId.of("r9", "w" + w), stop));
    }
    HealthPoller health = new HealthPoller(store, stop);
    List<Thread> threads = new ArrayList<>(writers);
    threads.add(health);
    try {
      threads.forEach(Thread::start);
      awaitProgress(writers);
      int connectionsBefore = proxy.accepted();
      int terminated = 0;
      long slowestRecovery = 0;
      for (int r = 0; r < RESTARTS; r++) {
        proxy.down();
        terminated += terminateBackends(); // what the restart does to the server side
        Thread.sleep(DOWNTIME.toMillis());
        proxy.up();
        long up = System.nanoTime();
        int answered = health.answers.get();
        awaitProgress(writers); // every writer appended again after this restart
        slowestRecovery = Math.max(slowestRecovery, System.nanoTime() - up);
        await(() -> health.answers.get() > answered, "horizonStatus answers again");
        Thread.sleep(1_000); // load between restarts
      }
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(thread.isAlive(), thread.getName() + " hangs");
      }
      for (RetryingWriter writer : writers) {
        assertNull(writer.died, () -> writer.getName() + " died: " + writer.died);
      }
      assertNull(health.fatal, () -> "horizonStatus failed for good: " + health.fatal);

      int failures = writers.stream().mapToInt(w -> w.retryableFailures.get()).sum();
      int unknown = writers.stream().mapToInt(w -> w.unknownOutcomes.get()).sum();
      System.out.printf("server restarts: %d restarts of %d ms, %d backends terminated, %d appends acknowledged,"
          + " %d retryable append failures (%d with unknown outcome), %d connections reopened,"
          + " %d failed horizonStatus calls, slowest resumption of all writers %d ms%n",
          RESTARTS, DOWNTIME.toMillis(), terminated,
          writers.stream().mapToInt(w -> w.appends.get()).sum(), failures, unknown,
          proxy.accepted() - connectionsBefore, health.failures.get(),
          TimeUnit.NANOSECONDS.toMillis(slowestRecovery));
      assertTrue(failures > 0, "the restarts never hit an append");
      assertTrue(proxy.accepted() > connectionsBefore, "nothing reconnected");
      return writers;
    } finally {
      stop.set(true);
    }
  }

  /** Every acknowledged event is stored once, in its writer's order; nothing else is. */
  private static void assertAcknowledgedExactlyOnce(
      List<RetryingWriter> writers, PostgresEventStore store, List<RecordedEvent<?>> all) {
    int acknowledged = 1; // the marker
    for (RetryingWriter writer : writers) {
      List<UUID> stored = new ArrayList<>();
      List<RecordedEvent<?>> stream = store.readStream(writer.stream);
      for (int v = 0; v < stream.size(); v++) {
        assertEquals(v + 1, stream.get(v).version().value(), writer.stream + " has a gap");
        stored.add(stream.get(v).id().value());
      }
      assertEquals(writer.acknowledged, stored,
          writer.stream + ": exactly the acknowledged events, each once, nothing partial");
      acknowledged += stored.size();
    }
    assertEquals(acknowledged, all.size(), "nothing but the acknowledged events");
    assertEquals(all.size(), new HashSet<>(ids(all)).size(), "no event stored twice");
  }

  /** Waits until every writer acknowledged another append. */
  private static void awaitProgress(List<RetryingWriter> writers) throws InterruptedException {
    Map<RetryingWriter, Integer> before = new HashMap<>();
    writers.forEach(writer -> before.put(writer, writer.appends.get()));
    await(() -> writers.stream().allMatch(w -> w.died != null || w.appends.get() > before.get(w)),
        "every writer appends again");
    for (RetryingWriter writer : writers) {
      assertNull(writer.died, () -> writer.getName() + " died: " + writer.died);
    }
  }

  /** Calls {@code horizonStatus()} until stopped; a failure must be retryable. */
  private static final class HealthPoller extends Thread {
    final AtomicInteger answers = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    volatile Throwable fatal;
    private final PostgresEventStore store;
    private final AtomicBoolean stop;

    HealthPoller(PostgresEventStore store, AtomicBoolean stop) {
      super("r9-health");
      this.store = store;
      this.stop = stop;
    }

    @Override
    public void run() {
      try {
        while (!stop.get()) {
          try {
            store.horizonStatus();
            answers.incrementAndGet();
          } catch (EventStoreException e) {
            if (!e.isRetryable()) {
              throw e;
            }
            failures.incrementAndGet();
          }
          Thread.sleep(50);
        }
      } catch (Throwable t) {
        fatal = t;
      }
    }
  }

  private static void assertPoolRecovered(PostgresEventStore store) throws SQLException {
    HikariPoolMXBean pool = ((HikariDataSource) store.dataSource()).getHikariPoolMXBean();
    assertEquals(0, pool.getThreadsAwaitingConnection());
    assertTrue(pool.getTotalConnections() <= 10, "pool size " + pool.getTotalConnections());
    try (Connection c = store.dataSource().getConnection()) {
      assertTrue(c.isValid(5));
    }
  }

  private int terminateBackends() throws SQLException {
    return queryInt("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE application_name = ?");
  }

  private int listeners() {
    try {
      return queryInt("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
          + " AND query LIKE 'LISTEN %' AND state = 'idle'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private int queryInt(String sql) throws SQLException {
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, application);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + RECOVERY + ": " + what);
      Thread.sleep(20);
    }
  }

  private static List<UUID> ids(List<RecordedEvent<?>> events) {
    return events.stream().map(e -> e.id().value()).toList();
  }

  private static List<GlobalPosition> positions(List<RecordedEvent<?>> events) {
    return events.stream().map(RecordedEvent::position).toList();
  }
}
