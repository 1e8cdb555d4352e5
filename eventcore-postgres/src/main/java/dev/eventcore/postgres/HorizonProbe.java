package dev.eventcore.postgres;

import dev.eventcore.internal.Threads;
import dev.eventcore.observe.Observer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the horizon stall ({@link HorizonStatus}) and, while the store is being read, logs a WARN
 * naming the blocking backend when the stall lasts longer than a threshold. Thread-safe.
 */
final class HorizonProbe implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HorizonProbe.class);
  private static final long ACTIVE_READS_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final DataSource dataSource;
  private final String sql;
  private final Duration threshold;
  private final Thread watchdog;
  private final Observer observer;
  private final @Nullable OwnedPool pool;
  private volatile long lastRead = System.nanoTime() - ACTIVE_READS_NANOS;
  private volatile boolean closed;
  private long lastWarning = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
  private int lastBlocker = -1;

  /** The stall-warning threshold, if positive. */
  static Duration checkThreshold(Duration threshold) {
    Objects.requireNonNull(threshold, "stallWarningAfter");
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("stallWarningAfter must be positive but was " + threshold);
    }
    return threshold;
  }

  HorizonProbe(DataSource dataSource, SchemaNames names, Duration threshold, Observer observer,
      @Nullable OwnedPool pool, Optional<ThreadFactory> threads) {
    this.dataSource = dataSource;
    this.observer = observer;
    this.pool = pool;
    this.threshold = threshold;
    String events = names.qualified("events");
    this.sql =
        "WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),"
            + " p AS (SELECT count(*) AS n, min(e.recorded_at) AS oldest FROM " + events
            + " e, h WHERE e.tx >= h.xmin)"
            + " SELECT p.n, (extract(epoch FROM clock_timestamp() - p.oldest) * 1000)::bigint,"
            + " b.pid, b.age_ms, b.application_name, b.datname, b.state, b.query"
            + " FROM p LEFT JOIN LATERAL (SELECT a.pid,"
            + " (extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::bigint AS age_ms,"
            + " coalesce(a.application_name, '') AS application_name,"
            + " coalesce(a.datname, '') AS datname, coalesce(a.state, '') AS state,"
            + " left(coalesce(a.query, ''), " + HorizonStatus.Blocker.MAX_QUERY_CHARS
            + ") AS query"
            + " FROM pg_stat_activity a WHERE a.backend_xid IS NOT NULL"
            + " AND a.pid <> pg_backend_pid() ORDER BY age(a.backend_xid) DESC LIMIT 1) b ON true";
    this.watchdog = Threads.newThread(threads, "eventcore-horizon-" + names.schema, this::watch);
  }

  void start() {
    watchdog.start();
  }

  /** Notes that the log is being read, which arms the watchdog for a minute. */
  void reading() {
    lastRead = System.nanoTime();
  }

  HorizonStatus status() {
    try (Connection c = dataSource.getConnection()) {
      return status(c);
    } catch (SQLException e) {
      throw SqlErrors.translate("horizonStatus", e);
    }
  }

  /** The status, read on {@code c} (the health check's, with its timeouts). */
  HorizonStatus status(Connection c) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql);
        ResultSet row = statement.executeQuery()) {
      row.next();
      long pending = row.getLong(1);
      Duration lag = pending == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, row.getLong(2)));
      Optional<HorizonStatus.Blocker> blocker = Optional.empty();
      int pid = row.getInt(3);
      if (!row.wasNull()) {
        blocker = Optional.of(new HorizonStatus.Blocker(
            pid, Duration.ofMillis(Math.max(0, row.getLong(4))), row.getString(5),
            row.getString(6), row.getString(7), row.getString(8)));
      }
      return new HorizonStatus(pending, lag, blocker);
    }
  }

  private void watch() {
    long interval = Math.max(TimeUnit.MILLISECONDS.toNanos(200), threshold.toNanos() / 2);
    while (!closed) {
      LockSupport.parkNanos(this, interval);
      if (closed || System.nanoTime() - lastRead > ACTIVE_READS_NANOS) {
        continue;
      }
      try {
        HorizonStatus status = status();
        observe(status);
        int blocker = status.blocker().map(HorizonStatus.Blocker::pid).orElse(0);
        long quiet = Math.max(threshold.toNanos(), TimeUnit.SECONDS.toNanos(30));
        if (status.isStalled() && status.lag().compareTo(threshold) >= 0
            && (blocker != lastBlocker || System.nanoTime() - lastWarning > quiet)) {
          lastBlocker = blocker;
          lastWarning = System.nanoTime();
          LOG.warn("eventcore global log held back for {} ms: {} committed events wait behind an"
              + " open transaction of {}. Subscriptions wait for it (they never skip); end it, e.g."
              + " SELECT pg_terminate_backend(pid), if it is stuck.",
              status.lag().toMillis(), status.pendingEvents(),
              status.blocker().map(Object::toString).orElse("an unknown backend (a prepared"
                  + " transaction? see pg_prepared_xacts)"));
        }
      } catch (RuntimeException e) {
        LOG.debug("horizon check failed: {}", e.toString());
      }
    }
  }

  /** Tells the observer the stall and, for a pool the store owns, its use. */
  private void observe(HorizonStatus status) {
    if (observer == Observer.NONE) {
      return;
    }
    observer.horizonStall(status.isStalled() ? status.lag().toNanos() : 0);
    if (pool != null) {
      pool.reportUse(observer);
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(watchdog);
    try {
      watchdog.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
