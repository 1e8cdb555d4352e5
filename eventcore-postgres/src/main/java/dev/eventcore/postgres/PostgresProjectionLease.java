package dev.eventcore.postgres;

import dev.eventcore.projection.Lease;
import dev.eventcore.projection.ProjectionLease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active instance per projection across processes: a row per projection in the store's
 * {@code projection_leases} table holding the owner, a fencing token and an expiry on the
 * database's clock. A grant takes the row when it is free (expired or released) and increments the
 * token, in one statement; the holder renews at every runner tick, and an instance that stops
 * renewing (crashed, paused, partitioned) loses the projection one TTL after its last renewal.
 * Its late checkpoint writes are then rejected by the token ({@link PostgresCheckpointStore}).
 *
 * <pre>{@code
 * ProjectionRunner runner = ProjectionRunner.builder(store, PostgresCheckpointStore.of(store))
 *     .lease(PostgresProjectionLease.of(store, Duration.ofSeconds(10)))
 *     .build();
 * }</pre>
 *
 * <p>Choose a TTL several runner ticks long (the tick renews it). Thread-safe. A failed renewal
 * (the database unreachable) counts as a lost lease: the runner stops applying and waits on
 * standby.
 *
 * <p>An operator in another process (the admin CLI, {@link PostgresProjectionAdmin}) steers a
 * projection through its row: a paused row is granted to nobody until resumed, and the instance
 * granted a row with a rebuild request rebuilds the projection ({@link Lease#rebuildRequested()}).
 * Both revoke the current holder (its token is taken), which notices at its next renewal.
 *
 * @since 0.1.0
 */
public final class PostgresProjectionLease implements ProjectionLease {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresProjectionLease.class);

  private final DataSource dataSource;
  private final SchemaNames names;
  private final double ttlSeconds;
  private final String acquireSql;
  private final String renewSql;
  private final String releaseSql;
  private final String rebuildStartedSql;
  private final String replayStartedSql;

  private PostgresProjectionLease(DataSource dataSource, SchemaNames names, Duration ttl) {
    this.dataSource = dataSource;
    this.names = names;
    this.ttlSeconds = ttl.toNanos() / 1e9;
    String table = names.qualified("projection_leases");
    this.acquireSql = "INSERT INTO " + table + " AS l (projection, owner, fencing_token, expires_at)"
        + " VALUES (?, ?, 1, clock_timestamp() + make_interval(secs => ?))"
        + " ON CONFLICT (projection) DO UPDATE SET owner = EXCLUDED.owner,"
        + " fencing_token = l.fencing_token + 1, expires_at = EXCLUDED.expires_at,"
        + " acquired_at = clock_timestamp()"
        + " WHERE l.expires_at <= clock_timestamp() AND l.paused_at IS NULL"
        + " RETURNING l.fencing_token, l.rebuild_requested_at IS NOT NULL,"
        + " l.replay_requested_at IS NOT NULL";
    this.renewSql = "UPDATE " + table + " SET expires_at = clock_timestamp()"
        + " + make_interval(secs => ?) WHERE projection = ? AND fencing_token = ?";
    this.releaseSql = "UPDATE " + table + " SET expires_at = '-infinity'"
        + " WHERE projection = ? AND fencing_token = ?";
    this.rebuildStartedSql = "UPDATE " + table + " SET rebuild_requested_at = NULL"
        + " WHERE projection = ? AND fencing_token = ?";
    this.replayStartedSql = "UPDATE " + table + " SET replay_requested_at = NULL"
        + " WHERE projection = ? AND fencing_token = ?";
  }

  /**
   * Leases kept in {@code store}'s schema that expire {@code ttl} after the last renewal.
   *
   * @throws IllegalArgumentException if {@code ttl} is not at least one millisecond
   */
  public static PostgresProjectionLease of(PostgresEventStore store, Duration ttl) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms but was " + ttl);
    }
    return new PostgresProjectionLease(store.dataSource(), SchemaNames.of(store), ttl);
  }

  @Override
  public Optional<Lease> tryAcquire(String projection, String owner) {
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(owner, "owner");
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(acquireSql)) {
      statement.setString(1, names.key(projection));
      statement.setString(2, owner);
      statement.setDouble(3, ttlSeconds);
      try (ResultSet row = statement.executeQuery()) {
        return row.next()
            ? Optional.of(new RowLease(projection, owner, row.getLong(1), row.getBoolean(2),
                row.getBoolean(3)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("acquiring the lease of projection " + projection, e);
    }
  }

  @Override
  public String toString() {
    return "PostgresProjectionLease[ttl " + ttlSeconds + " s]";
  }

  /** A granted row: valid while the row still carries its token. */
  private final class RowLease implements Lease {
    private final String projection;
    private final String owner;
    private final long token;
    private final boolean rebuildRequested;
    private final boolean replayRequested;
    private volatile boolean closed;

    RowLease(String projection, String owner, long token, boolean rebuildRequested,
        boolean replayRequested) {
      this.projection = projection;
      this.owner = owner;
      this.token = token;
      this.rebuildRequested = rebuildRequested;
      this.replayRequested = replayRequested;
    }

    @Override
    public String projection() {
      return projection;
    }

    @Override
    public String owner() {
      return owner;
    }

    @Override
    public long fencingToken() {
      return token;
    }

    /** Whether the row carried a rebuild request when it was granted. */
    @Override
    public boolean rebuildRequested() {
      return rebuildRequested;
    }

    /** Clears the request, if the row still carries this token; a failure leaves it for later. */
    @Override
    public void rebuildStarted() {
      clear(rebuildStartedSql, "rebuild", "rebuilds it again");
    }

    /** Whether the row carried a dead-letter replay request when it was granted. */
    @Override
    public boolean replayRequested() {
      return replayRequested;
    }

    /** Clears the request, if the row still carries this token; a failure leaves it for later. */
    @Override
    public void replayStarted() {
      clear(replayStartedSql, "dead-letter replay", "replays its dead letters again");
    }

    private void clear(String sql, String request, String consequence) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement statement = c.prepareStatement(sql)) {
        statement.setString(1, names.key(projection));
        statement.setLong(2, token);
        statement.executeUpdate();
      } catch (SQLException | RuntimeException e) {
        LOG.warn("projection {}: clearing its {} request failed; the next instance granted its"
            + " lease {}: {}", projection, request, consequence, e.toString(), e);
      }
    }

    /** Extends the row's expiry if it still carries this token (nobody took over meanwhile). */
    @Override
    public boolean renew() {
      if (closed) {
        return false;
      }
      try (Connection c = dataSource.getConnection();
          PreparedStatement statement = c.prepareStatement(renewSql)) {
        statement.setDouble(1, ttlSeconds);
        statement.setString(2, names.key(projection));
        statement.setLong(3, token);
        return statement.executeUpdate() == 1;
      } catch (SQLException | RuntimeException e) {
        LOG.warn("projection {}: renewing lease token {} failed; treating it as lost: {}",
            projection, token, e.toString(), e);
        return false;
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try (Connection c = dataSource.getConnection();
          PreparedStatement statement = c.prepareStatement(releaseSql)) {
        statement.setString(1, names.key(projection));
        statement.setLong(2, token);
        statement.executeUpdate();
      } catch (SQLException | RuntimeException e) {
        LOG.warn("projection {}: releasing lease token {} failed; it expires by itself: {}",
            projection, token, e.toString(), e);
      }
    }

    @Override
    public String toString() {
      return "Lease[" + projection + ", " + owner + ", token " + token + "]";
    }
  }
}
