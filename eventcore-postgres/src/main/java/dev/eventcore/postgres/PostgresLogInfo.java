package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where a PostgreSQL store's global log ends and what holds it back, for tools outside the
 * application (the admin CLI's {@code tail} and {@code horizon}). Read-only; thread-safe.
 *
 * <pre>{@code
 * PostgresLogInfo log = PostgresLogInfo.of(store);
 * store.subscribe(log.lastPosition().orElse(GlobalPosition.START), handler);   // only new events
 * log.openTransactions().forEach(tx -> System.out.println(tx.pid() + " " + tx.age()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PostgresLogInfo {
  private final DataSource dataSource;
  private final String lastPositionSql;

  private PostgresLogInfo(DataSource dataSource, SchemaNames names) {
    this.dataSource = dataSource;
    this.lastPositionSql = "SELECT e.tx, e.ordinal FROM " + names.qualified("events") + " e"
        + " WHERE e.tx < pg_snapshot_xmin(pg_current_snapshot())"
        + " ORDER BY e.tx DESC, e.ordinal DESC LIMIT 1";
  }

  /** The log of {@code store}. */
  public static PostgresLogInfo of(PostgresEventStore store) {
    Objects.requireNonNull(store, "store");
    return new PostgresLogInfo(store.dataSource(), SchemaNames.of(store));
  }

  /**
   * The position of the last event readable in the global log now, a position the store handed
   * out (subscribing after it delivers only later events); empty when none is readable.
   */
  public Optional<GlobalPosition> lastPosition() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(lastPositionSql);
        ResultSet row = statement.executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      return Optional.of(GlobalPosition.of(
          Positions.of(row.getLong(1), row.getInt(2))));
    } catch (SQLException e) {
      throw SqlErrors.translate("reading the last position of the log", e);
    }
  }

  /**
   * The server's open transactions that hold a transaction id (they wrote), oldest first, those
   * of this connection aside: the first is the one that holds the global log back, if any is older
   * than the log's pending events. Prepared transactions are listed with pid 0.
   */
  public List<OpenTransaction> openTransactions() {
    String sql = "SELECT a.pid, (extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)"
        + "::bigint, coalesce(a.application_name, ''), coalesce(a.datname, ''),"
        + " coalesce(a.state, ''), coalesce(a.query, ''), age(a.backend_xid) AS xid_age"
        + " FROM pg_stat_activity a WHERE a.backend_xid IS NOT NULL AND a.pid <> pg_backend_pid()"
        + " UNION ALL SELECT 0, (extract(epoch FROM clock_timestamp() - p.prepared) * 1000)"
        + "::bigint, '', p.database::text, 'prepared ''' || p.gid || '''', '', age(p.transaction)"
        + " FROM pg_prepared_xacts p ORDER BY xid_age DESC";
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(sql);
        ResultSet row = statement.executeQuery()) {
      List<OpenTransaction> out = new ArrayList<>();
      while (row.next()) {
        out.add(new OpenTransaction(row.getInt(1), Duration.ofMillis(Math.max(0, row.getLong(2))),
            row.getString(3), row.getString(4), row.getString(5), row.getString(6)));
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.translate("listing open transactions", e);
    }
  }

  @Override
  public String toString() {
    return "PostgresLogInfo[" + lastPositionSql.substring(lastPositionSql.indexOf(" FROM ") + 6,
        lastPositionSql.indexOf(" e ")) + "]";
  }
}
