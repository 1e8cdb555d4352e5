package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Inspects and steers projections through a PostgreSQL store's tables, from another process than
 * the application that runs them (the admin CLI, an operations endpoint). Every operation is one
 * transaction on the rows that {@link PostgresCheckpointStore} and {@link PostgresProjectionLease}
 * keep, and reaches a running application through the lease:
 *
 * <ul>
 *   <li>{@link #pause}: no instance is granted the lease until {@link #resume}; the holder's token
 *       is taken, so it stops applying events at its next renewal (one runner tick) and waits on
 *       standby. It saves no checkpoint on the way: on resume, the events after its last saved
 *       checkpoint are delivered again, as after a failover.
 *   <li>{@link #requestRebuild}: the holder's token is taken; the next instance granted the lease
 *       (it, or another on standby) calls the projection's reset, sets its checkpoint to START and
 *       replays the log, as {@code ProjectionRunner.rebuild} does, then clears the request.
 *   <li>{@link #reset}: the checkpoint goes back to START and the holder's token is taken; the next
 *       instance granted the lease replays the whole log into the read model as it is, without its
 *       reset hook. Only for a projection whose handlers tolerate events seen again (idempotent),
 *       or whose read model was cleared by hand; otherwise use {@link #requestRebuild}.
 * </ul>
 *
 * <p>Only applications that run the projection under {@link PostgresProjectionLease} see these
 * requests; with an in-process lease the projection is {@link StoredProjection.State#UNLEASED}
 * and a request waits for an instance that takes the PostgreSQL lease. A fenced holder's late
 * checkpoint writes are rejected (its token is stale), so none undoes a reset. Thread-safe.
 *
 * <pre>{@code
 * PostgresProjectionAdmin admin = PostgresProjectionAdmin.of(store);
 * admin.list().forEach(p -> System.out.println(p.name() + " " + p.state()));
 * admin.requestRebuild("order-totals");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PostgresProjectionAdmin {
  private final DataSource dataSource;
  private final SchemaNames names;
  private final PostgresDeadLetterStore deadLetters;
  private final String listSql;

  private PostgresProjectionAdmin(PostgresEventStore store) {
    this.dataSource = store.dataSource();
    this.names = SchemaNames.of(store);
    this.deadLetters = PostgresDeadLetterStore.of(store);
    String checkpoints = names.qualified("checkpoints");
    String leases = names.qualified("projection_leases");
    String letterTable = names.qualified("dead_letters");
    this.listSql = "SELECT n.projection, c.position, c.updated_at, l.owner,"
        + " l.expires_at > clock_timestamp(), l.expires_at, coalesce(l.fencing_token, 0),"
        + " l.paused_at, l.rebuild_requested_at,"
        + " (SELECT count(*) FROM " + letterTable + " d WHERE d.projection = n.projection),"
        + " last.error, last.failed_at"
        + " FROM (SELECT projection FROM " + checkpoints + " UNION SELECT projection FROM " + leases
        + " UNION SELECT DISTINCT projection FROM " + letterTable + ") n"
        + " LEFT JOIN " + checkpoints + " c ON c.projection = n.projection"
        + " LEFT JOIN " + leases + " l ON l.projection = n.projection"
        + " LEFT JOIN LATERAL (SELECT d.error, d.failed_at FROM " + letterTable + " d"
        + " WHERE d.projection = n.projection ORDER BY d.id DESC LIMIT 1) last ON true"
        + " WHERE CAST(? AS text) IS NULL OR n.projection = ? ORDER BY n.projection";
  }

  /** The projections kept in {@code store}'s schema. */
  public static PostgresProjectionAdmin of(PostgresEventStore store) {
    Objects.requireNonNull(store, "store");
    return new PostgresProjectionAdmin(store);
  }

  /** Every projection with a checkpoint, a lease row or dead letters, by name. */
  public List<StoredProjection> list() {
    return query(null);
  }

  /** The projection named {@code projection}, if it has a checkpoint, lease row or dead letters. */
  public Optional<StoredProjection> find(String projection) {
    Objects.requireNonNull(projection, "projection");
    List<StoredProjection> found = query(projection);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * Pauses {@code projection} across processes; idempotent.
   *
   * @return its state afterwards
   * @throws IllegalArgumentException if the schema knows no projection of that name
   */
  public StoredProjection pause(String projection) {
    require(projection);
    update(projection, "pausing", "INSERT INTO " + leases() + " AS l (projection, owner,"
        + " fencing_token, expires_at, paused_at) VALUES (?, '', 1, '-infinity', clock_timestamp())"
        + " ON CONFLICT (projection) DO UPDATE SET fencing_token = l.fencing_token + 1,"
        + " expires_at = '-infinity', paused_at = clock_timestamp() WHERE l.paused_at IS NULL");
    return require(projection);
  }

  /**
   * Lets instances take {@code projection}'s lease again; the first on standby resumes it from its
   * checkpoint. Idempotent.
   *
   * @return its state afterwards
   * @throws IllegalArgumentException if the schema knows no projection of that name
   */
  public StoredProjection resume(String projection) {
    require(projection);
    update(projection, "resuming",
        "UPDATE " + leases() + " SET paused_at = NULL WHERE projection = ?");
    return require(projection);
  }

  /**
   * Requests that {@code projection} be rebuilt by the next instance granted its lease, and revokes
   * the current holder.
   *
   * @return its state afterwards
   * @throws IllegalArgumentException if the schema knows no projection of that name
   */
  public StoredProjection requestRebuild(String projection) {
    return request(projection, "rebuild_requested_at", "requesting a rebuild of");
  }

  /**
   * Asks for {@code projection}'s dead letters to be replayed, and revokes the current holder: the
   * instance granted the lease next (it, or another on standby) replays them through the
   * projection's handler, as {@code ProjectionRunner.replayDeadLetters} does (a letter whose event
   * now succeeds is removed; one still failing stays, updated), then resumes, and clears the
   * request. Only the application holds the handler, so the replay happens there.
   *
   * @return its state afterwards
   * @throws IllegalArgumentException if the schema knows no projection of that name
   */
  public StoredProjection requestReplay(String projection) {
    return request(projection, "replay_requested_at", "requesting a dead-letter replay of");
  }

  /** Stamps the request column {@code column} of the lease row and revokes the holder. */
  private StoredProjection request(String projection, String column, String what) {
    require(projection);
    update(projection, what, "INSERT INTO " + leases() + " AS l (projection, owner,"
        + " fencing_token, expires_at, " + column + ")"
        + " VALUES (?, '', 1, '-infinity', clock_timestamp()) ON CONFLICT (projection) DO UPDATE"
        + " SET fencing_token = l.fencing_token + 1, expires_at = '-infinity', " + column
        + " = clock_timestamp()");
    return require(projection);
  }

  /**
   * Sets {@code projection}'s checkpoint back to START and revokes the current holder, in one
   * transaction: the next instance granted the lease replays the whole log into the read model as
   * it is (see the class comment).
   *
   * @return its state afterwards
   * @throws IllegalArgumentException if the schema knows no projection of that name
   */
  public StoredProjection reset(String projection) {
    require(projection);
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit(); // restored: the connection goes back as it came
      c.setAutoCommit(false);
      try {
        long token = 0;
        try (PreparedStatement revoke = c.prepareStatement("UPDATE " + leases()
            + " SET fencing_token = fencing_token + 1, expires_at = '-infinity'"
            + " WHERE projection = ? RETURNING fencing_token")) {
          revoke.setString(1, names.key(projection));
          try (ResultSet row = revoke.executeQuery()) {
            token = row.next() ? row.getLong(1) : 0;
          }
        }
        // a new revision and a token no older holder has: every late write of theirs is rejected
        try (PreparedStatement rewind = c.prepareStatement("UPDATE "
            + names.qualified("checkpoints") + " SET position = 0, revision = revision + 1,"
            + " fencing_token = greatest(fencing_token, ?), updated_at = now()"
            + " WHERE projection = ?")) {
          rewind.setLong(1, token);
          rewind.setString(2, names.key(projection));
          rewind.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("resetting projection " + projection, e);
    }
    return require(projection);
  }

  /**
   * Deletes every dead letter of {@code projection} (their events stay in the log).
   *
   * @return how many were deleted
   * @throws IllegalArgumentException if the schema knows no projection of that name
   */
  public int purgeDeadLetters(String projection) {
    require(projection);
    return deadLetters.purge(projection);
  }

  private String leases() {
    return names.qualified("projection_leases");
  }

  private StoredProjection require(String projection) {
    Objects.requireNonNull(projection, "projection");
    return find(projection).orElseThrow(() -> {
      List<String> known = new ArrayList<>();
      for (StoredProjection p : list()) {
        known.add(p.name());
      }
      return new IllegalArgumentException("no projection named '" + projection + "' in schema '"
          + names.schema + "' (none has a checkpoint, a lease or dead letters); known: " + known);
    });
  }

  private int update(String projection, String what, String sql) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, names.key(projection));
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlErrors.translate(what + " projection " + projection, e);
    }
  }

  private List<StoredProjection> query(@Nullable String projection) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(listSql)) {
      statement.setString(1, projection == null ? null : names.key(projection));
      statement.setString(2, projection == null ? null : names.key(projection));
      List<StoredProjection> out = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          boolean live = row.getBoolean(5);
          out.add(new StoredProjection(names.local(row.getString(1)), GlobalPosition.of(row.getLong(2)),
              instant(row, 3), live ? Optional.of(row.getString(4)) : Optional.empty(),
              live ? instant(row, 6) : Optional.empty(), row.getLong(7), instant(row, 8),
              instant(row, 9), row.getLong(10), Optional.ofNullable(row.getString(11)),
              instant(row, 12)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.translate("reading the projections", e);
    }
  }

  private static Optional<Instant> instant(ResultSet row, int column) throws SQLException {
    Timestamp value = row.getTimestamp(column);
    return value == null ? Optional.empty() : Optional.of(value.toInstant());
  }

  @Override
  public String toString() {
    return "PostgresProjectionAdmin[schema " + names.schema + "]";
  }
}
