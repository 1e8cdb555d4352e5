package dev.eventcore.benchmarks.jdbc;

import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.benchmarks.harness.Worker;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * W10's raw baseline: the rebuild of a per-account read model (events and balance per stream) from
 * the raw table by hand, on one connection: pages of {@value #PAGE} rows in position order, each
 * decoded with the shared mapper, upserted in one JDBC batch and committed with a checkpoint row,
 * the work a {@code JdbcProjection} does per transaction, without the library.
 */
public final class RawRebuild {
  /** Rows per page and per transaction: the default batch cap of {@code JdbcProjection}. */
  public static final int PAGE = 500;

  /** The raw read model. */
  public static final String TABLE = Database.RAW_SCHEMA + ".rebuild_accounts";

  private static final String CHECKPOINT = Database.RAW_SCHEMA + ".rebuild_checkpoint";
  private static final String PAGE_SQL = "SELECT position, stream_id, type, data, metadata FROM "
      + RawProbes.TABLE + " WHERE position > ? ORDER BY position LIMIT " + PAGE;

  private final Database database;

  /** Rebuilds on {@code database}. */
  public RawRebuild(Database database) {
    this.database = database;
  }

  /** The upsert of one event into a read model table {@code (account, events, balance)}. */
  public static String upsert(String table) {
    return "INSERT INTO " + table + " (account, events, balance) VALUES (?, 1, ?)"
        + " ON CONFLICT (account) DO UPDATE SET events = " + table + ".events + 1,"
        + " balance = " + table + ".balance + excluded.balance";
  }

  /** The DDL of a read model table. */
  public static String createTable(String table) {
    return "CREATE TABLE " + table + " (account text PRIMARY KEY, events bigint NOT NULL,"
        + " balance bigint NOT NULL)";
  }

  /** What an event does to its account's balance. */
  public static long delta(BenchEvent event) {
    return event instanceof BenchEvent.Deposited deposited
        ? deposited.amountCents()
        : -((BenchEvent.Withdrawn) event).amountCents();
  }

  /** (Re)creates the raw read model and checkpoint tables, empty. */
  public void createTables() throws SQLException {
    database.execute("DROP TABLE IF EXISTS " + TABLE, "DROP TABLE IF EXISTS " + CHECKPOINT,
        createTable(TABLE), "CREATE TABLE " + CHECKPOINT + " (id int PRIMARY KEY, position bigint)",
        "INSERT INTO " + CHECKPOINT + " VALUES (1, 0)");
  }

  /** Each operation empties the read model and rebuilds it from the whole raw table. */
  public WorkerFactory rebuild() {
    return context -> new Worker() {
      @Override
      public long step(long seq) throws Exception {
        try (Connection c = database.connect()) {
          c.setAutoCommit(false);
          try (var statement = c.createStatement()) {
            statement.execute("TRUNCATE " + TABLE);
            statement.execute("UPDATE " + CHECKPOINT + " SET position = 0");
          }
          c.commit();
          return pages(c);
        }
      }
    };
  }

  private static long pages(Connection c) throws SQLException {
    long done = 0;
    long after = 0;
    try (PreparedStatement page = c.prepareStatement(PAGE_SQL);
        PreparedStatement upsert = c.prepareStatement(upsert(TABLE));
        PreparedStatement checkpoint = c.prepareStatement(
            "UPDATE " + CHECKPOINT + " SET position = ? WHERE id = 1")) {
      while (true) {
        int rows = 0;
        page.setLong(1, after);
        try (ResultSet result = page.executeQuery()) {
          while (result.next()) {
            after = result.getLong(1);
            BenchEvent event = (BenchEvent) Payloads.MAPPER.readValue(
                result.getBytes(4), Payloads.classOf(result.getString(3)));
            // decoded as the library decodes every event's metadata
            Payloads.MAPPER.readValue(result.getBytes(5), Payloads.METADATA_TYPE);
            upsert.setString(1, result.getString(2));
            upsert.setLong(2, delta(event));
            upsert.addBatch();
            rows++;
          }
        }
        if (rows == 0) {
          return done;
        }
        upsert.executeBatch();
        checkpoint.setLong(1, after);
        checkpoint.executeUpdate();
        c.commit();
        done += rows;
      }
    }
  }
}
