package dev.eventcore.postgres;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.retry.RetryPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exactly-once and single-instance tests' read model: a count per stream in a table of the test schema, written by a {@link
 * JdbcProjection} with optional injected failures after the write (before the commit). Tracks the
 * backend of the projection's open transaction, so a test can kill exactly that transaction, how
 * many handlers run at once, the positions written and how many events each transaction wrote.
 */
final class CounterReadModel {
  static final String NAME = "counter";

  final PostgresTestDatabase db;
  final AtomicBoolean inject = new AtomicBoolean();
  final AtomicLong injected = new AtomicLong();
  /** Handler calls while {@link #inject} is on: the 3rd, 13th, 23rd... fail after their writes. */
  private final AtomicLong injectCalls = new AtomicLong();
  final AtomicInteger concurrent = new AtomicInteger();
  final AtomicInteger maxConcurrent = new AtomicInteger();
  /** Events written per transaction id (including writes later rolled back). */
  final Map<Long, Integer> eventsPerTransaction = new ConcurrentHashMap<>();
  /** The position of every event written (including writes later rolled back), in order. */
  final List<GlobalPosition> handled = Collections.synchronizedList(new ArrayList<>());
  /** Positions whose next handling fails once after its write. */
  final Set<GlobalPosition> failOnce = ConcurrentHashMap.newKeySet();
  /** Positions that fail every time, after the write (in a batch: the whole batch fails). */
  final Set<GlobalPosition> poisoned = ConcurrentHashMap.newKeySet();
  /** Calls of the batch handler and the statements they sent (one JDBC batch each). */
  final AtomicInteger batchCalls = new AtomicInteger();
  volatile int backendPid;
  private volatile Connection lastConnection;

  CounterReadModel(PostgresTestDatabase db) throws SQLException {
    this.db = db;
    db.sql("CREATE TABLE IF NOT EXISTS %s.counts (stream text PRIMARY KEY, n bigint NOT NULL)");
  }

  JdbcProjection projection(PostgresEventStore store) {
    return projection(store, JdbcProjection.DEFAULT_MAX_BATCH);
  }

  /** The projection with at most {@code maxBatch} events per transaction. */
  JdbcProjection projection(PostgresEventStore store, int maxBatch) {
    return projection(store, maxBatch, JdbcProjection.DEFAULT_MAX_DELAY);
  }

  /**
   * The projection written by a batch handler: one JDBC batch of upserts per call, then the
   * planned failures of any event in it (after the writes, so the rollback must undo them).
   */
  JdbcProjection batchProjection(PostgresEventStore store, int maxBatch, Duration maxDelay) {
    String table = "\"" + db.schema + "\".counts";
    return JdbcProjection.builder(NAME, store)
        .maxBatch(maxBatch)
        .maxDelay(maxDelay)
        .batchHandler((events, connection) -> {
          int now = concurrent.incrementAndGet();
          maxConcurrent.accumulateAndGet(now, Math::max);
          try (PreparedStatement up = connection.prepareStatement("INSERT INTO " + table
              + " (stream, n) VALUES (?, 1) ON CONFLICT (stream) DO UPDATE SET n = "
              + table + ".n + 1")) {
            track(connection);
            batchCalls.incrementAndGet();
            for (RecordedEvent<?> event : events) {
              up.setString(1, event.streamId().value());
              up.addBatch();
            }
            up.executeBatch();
            for (RecordedEvent<?> event : events) {
              handled.add(event.position());
              if (poisoned.contains(event.position()) || failOnce.remove(event.position())) {
                throw new IllegalStateException("planned failure at " + event.position());
              }
            }
            if (injectNow()) {
              throw new IllegalStateException("injected failure after the batch's writes");
            }
          } finally {
            concurrent.decrementAndGet();
          }
        })
        .reset(connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + table);
          }
        })
        .build();
  }

  /** The projection with at most {@code maxBatch} events per transaction and {@code maxDelay}. */
  JdbcProjection projection(PostgresEventStore store, int maxBatch, Duration maxDelay) {
    String table = "\"" + db.schema + "\".counts";
    return JdbcProjection.builder(NAME, store)
        .filter(EventFilter.all())
        .maxBatch(maxBatch)
        .maxDelay(maxDelay)
        .handler((event, connection) -> {
          int now = concurrent.incrementAndGet();
          maxConcurrent.accumulateAndGet(now, Math::max);
          try {
            track(connection);
            try (PreparedStatement up = connection.prepareStatement("INSERT INTO " + table
                + " (stream, n) VALUES (?, 1) ON CONFLICT (stream) DO UPDATE SET n = "
                + table + ".n + 1 RETURNING txid_current()")) {
              up.setString(1, event.streamId().value());
              try (ResultSet txid = up.executeQuery()) {
                txid.next();
                eventsPerTransaction.merge(txid.getLong(1), 1, Integer::sum);
              }
            }
            handled.add(event.position());
            if (poisoned.contains(event.position()) || failOnce.remove(event.position())) {
              throw new IllegalStateException("planned failure after the read-model write");
            }
            if (injectNow()) {
              throw new IllegalStateException("injected failure after the read-model write");
            }
          } finally {
            concurrent.decrementAndGet();
          }
        })
        .reset(connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + table);
          }
        })
        .build();
  }

  private void track(Connection connection) throws SQLException {
    if (connection != lastConnection) {
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
        row.next();
        backendPid = row.getInt(1);
      }
      lastConnection = connection;
    }
  }

  /** Kills the backend of the projection's transaction (a crash as far as the database sees). */
  void killTransaction() throws SQLException {
    int pid = backendPid;
    if (pid == 0) {
      return;
    }
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement kill = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      kill.setInt(1, pid);
      kill.execute();
    }
  }

  static ProjectionRunner.Builder runner(PostgresEventStore store, Duration leaseTtl) {
    return ProjectionRunner.builder(store, PostgresCheckpointStore.of(store))
        .lease(PostgresProjectionLease.of(store, leaseTtl))
        .errorPolicy(ErrorPolicy.retryThenStop(
            new RetryPolicy(200, Duration.ofMillis(1), Duration.ofMillis(20), 2.0, 0.2)))
        .tick(Duration.ofMillis(20));
  }

  Map<String, Long> counts() throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Connection c = PostgresTestDatabase.connect();
        Statement statement = c.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT stream, n FROM \"" + db.schema + "\".counts")) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
    }
    return counts;
  }

  /** What {@link #counts()} must be once the projection applied {@code events}. */
  static Map<String, Long> expectedCounts(List<RecordedEvent<?>> events) {
    Map<String, Long> counts = new HashMap<>();
    for (RecordedEvent<?> event : events) {
      counts.merge(event.streamId().value(), 1L, Long::sum);
    }
    return counts;
  }

  GlobalPosition storedCheckpoint(PostgresEventStore store) {
    return PostgresCheckpointStore.of(store).load(NAME).position();
  }

  /**
   * Whether this handler call fails after its writes: every tenth call while {@link #inject} is
   * on, from the third (a fixed rule, so that every run injects failures whatever the batching;
   * a random one missed them all in a run with few large batches).
   */
  private boolean injectNow() {
    if (!inject.get() || injectCalls.incrementAndGet() % 10 != 3) {
      return false;
    }
    injected.incrementAndGet();
    return true;
  }
}
