package dev.eventcore.postgres;

import dev.eventcore.health.Health;
import dev.eventcore.health.HealthThresholds;
import dev.eventcore.health.StoreHealth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The PostgreSQL store's health checks ({@link StoreHealth}): {@code store}, the database answers
 * {@code SELECT 1} on a pool connection within the timeout; {@code horizon}, no open transaction
 * holds the global log back longer than the thresholds allow ({@link HorizonStatus}), naming the
 * backend that does. Both use the timeout as their connection's network and statement timeout, so
 * that a hanging database frees the checking thread, too. A failure propagates: the checker
 * reports it as DOWN.
 */
final class PostgresHealth {
  private static final Executor DIRECT = Runnable::run;

  private final DataSource dataSource;
  private final HorizonProbe horizon;
  private final HealthThresholds thresholds;
  private final BooleanSupplier closed;

  private PostgresHealth(DataSource dataSource, HorizonProbe horizon, HealthThresholds thresholds,
      BooleanSupplier closed) {
    this.dataSource = dataSource;
    this.horizon = horizon;
    this.thresholds = thresholds;
    this.closed = closed;
  }

  /** The checks {@code store} and {@code horizon}; {@code closed} tells if the store is closed. */
  static List<StoreHealth.Check> checks(DataSource dataSource, HorizonProbe horizon,
      HealthThresholds thresholds, BooleanSupplier closed) {
    Objects.requireNonNull(thresholds, "thresholds");
    PostgresHealth health = new PostgresHealth(dataSource, horizon, thresholds, closed);
    return List.of(new StoreHealth.Check("store", health::store),
        new StoreHealth.Check("horizon", health::horizon));
  }

  private Health store(Instant now) throws SQLException {
    if (closed.getAsBoolean()) {
      return Health.down("store", now, "the event store is closed");
    }
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      int previous = limit(c);
      try (Statement statement = c.createStatement()) {
        statement.setQueryTimeout(timeoutSeconds());
        try (ResultSet row = statement.executeQuery("SELECT 1")) {
          row.next();
        }
      } finally {
        restore(c, previous);
      }
    }
    return Health.up("store", now)
        .withDetail("latencyMillis", (System.nanoTime() - start) / 1_000_000);
  }

  private Health horizon(Instant now) throws SQLException {
    if (closed.getAsBoolean()) {
      return Health.down("horizon", now, "the event store is closed");
    }
    try (Connection c = dataSource.getConnection()) {
      int previous = limit(c);
      try {
        return of(horizon.status(c), now);
      } finally {
        restore(c, previous);
      }
    }
  }

  /** UP unless events wait behind the horizon longer than the thresholds; the blocker named. */
  private Health of(HorizonStatus status, Instant now) {
    Health health;
    if (!status.isStalled() || status.lag().compareTo(thresholds.horizonDegradedAfter()) < 0) {
      health = Health.up("horizon", now);
    } else {
      String reason = status.pendingEvents() + " committed event(s) waiting "
          + status.lag().toMillis() + " ms behind "
          + status.blocker().map(b -> "the open transaction of pid " + b.pid()
              + "; subscriptions see nothing newer until it ends (if it is stuck: SELECT"
              + " pg_terminate_backend(" + b.pid() + "))")
              .orElse("an unknown backend (a prepared transaction? see pg_prepared_xacts)");
      health = status.lag().compareTo(thresholds.horizonDownAfter()) >= 0
          ? Health.down("horizon", now, reason)
          : Health.degraded("horizon", now, reason);
    }
    health = health.withDetail("stalled", status.isStalled())
        .withDetail("pendingEvents", status.pendingEvents())
        .withDetail("lagMillis", status.lag().toMillis());
    if (status.isStalled() && status.blocker().isPresent()) {
      HorizonStatus.Blocker blocker = status.blocker().get();
      health = health.withDetail("blockerPid", blocker.pid())
          .withDetail("blockerApplication", blocker.applicationName())
          .withDetail("blockerDatabase", blocker.database())
          .withDetail("blockerState", blocker.state())
          .withDetail("blockerTransactionMillis", blocker.transactionAge().toMillis())
          .withDetail("blockerQuery", blocker.query());
    }
    return health;
  }

  /** Bounds every read on {@code c} by the timeout; returns the network timeout to restore. */
  private int limit(Connection c) throws SQLException {
    int previous = c.getNetworkTimeout();
    c.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, thresholds.timeout().toMillis()));
    return previous;
  }

  /** Puts the network timeout back; on a broken connection, the failure that broke it counts. */
  private static void restore(Connection c, int previous) {
    try {
      c.setNetworkTimeout(DIRECT, previous);
    } catch (SQLException e) {
      // the connection is unusable; the pool discards it and the check reports the first failure
    }
  }

  private int timeoutSeconds() {
    return (int) Math.max(1, (thresholds.timeout().toMillis() + 999) / 1000);
  }
}
