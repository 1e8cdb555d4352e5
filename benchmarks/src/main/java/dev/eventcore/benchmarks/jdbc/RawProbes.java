package dev.eventcore.benchmarks.jdbc;

import dev.eventcore.benchmarks.harness.Worker;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The raw-JDBC probes of docs/benchmarks.md, each a {@link WorkerFactory} for the load driver. Every
 * worker owns one connection and its prepared statement; writes run in autocommit, so each
 * operation is one statement, one round trip and one durable commit.
 */
public final class RawProbes {
  /** The raw events table: the event store's row shape and indexes, nothing else. */
  public static final String TABLE = Database.RAW_SCHEMA + ".raw_events";

  static final String INSERT_ONE =
      "INSERT INTO " + TABLE + " (stream_id, version, event_id, type, data, metadata)"
          + " VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)";
  private static final String INSERT_UNNEST =
      "INSERT INTO " + TABLE + " (stream_id, version, event_id, type, data, metadata)"
          + " SELECT s, v, e, t, d::jsonb, m::jsonb"
          + " FROM unnest(?::text[], ?::int8[], ?::uuid[], ?::text[], ?::text[], ?::text[])"
          + " AS u(s, v, e, t, d, m)";
  private static final String COMMIT_TABLE = Database.RAW_SCHEMA + ".commit_probe";
  private static final String COPY =
      "COPY " + TABLE + " " + BinaryCopy.COLUMNS + " FROM STDIN (FORMAT binary)";

  private final Database database;

  /** Probes on {@code database}. */
  public RawProbes(Database database) {
    this.database = database;
  }

  /** (Re)creates the raw schema and table, empty. */
  public void createTable() throws SQLException {
    database.dropSchema(Database.RAW_SCHEMA);
    database.execute(
        "CREATE SCHEMA " + Database.RAW_SCHEMA,
        "CREATE TABLE " + TABLE + " ("
            + " position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            + " tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),"
            + " stream_id text NOT NULL,"
            + " version bigint NOT NULL,"
            + " event_id uuid NOT NULL UNIQUE,"
            + " type text NOT NULL,"
            + " data jsonb NOT NULL,"
            + " metadata jsonb NOT NULL,"
            + " recorded_at timestamptz NOT NULL DEFAULT now(),"
            + " UNIQUE (stream_id, version))",
        "CREATE INDEX raw_events_global ON " + TABLE + " (tx_id, position)",
        "CREATE TABLE " + COMMIT_TABLE + " (id int PRIMARY KEY, n bigint NOT NULL)");
  }

  /** Empties the raw table, so each workload's raw writes start from the same size. */
  public void truncate() throws SQLException {
    database.execute("TRUNCATE " + TABLE + " RESTART IDENTITY", "VACUUM ANALYZE " + TABLE);
  }

  /**
   * {@code SELECT 1}: the network and protocol round trip. This probe and {@link #commit()} write
   * no events; each of their operations counts as one, so their "events/s" are operations/s.
   */
  public WorkerFactory roundTrip() {
    return context -> statementWorker("SELECT 1", statement -> {
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return 1;
      }
    });
  }

  /**
   * The cost of a durable commit with next to nothing in it: an autocommit UPDATE of the thread's
   * own one-row counter (a few bytes of WAL, then the commit's flush). A transaction that only takes
   * a transaction id writes no WAL before its commit record, and PostgreSQL then commits it without
   * waiting for the flush, so it would not measure durability.
   */
  public WorkerFactory commit() {
    return context -> {
      database.execute("INSERT INTO " + COMMIT_TABLE + " VALUES (" + context.thread() + ", 0)"
          + " ON CONFLICT (id) DO NOTHING");
      return statementWorker("UPDATE " + COMMIT_TABLE + " SET n = n + 1 WHERE id = " + context.thread(),
          statement -> {
            statement.executeUpdate();
            return 1;
          });
    };
  }

  /** One prepared INSERT of one event row per commit, each to a new stream. */
  public WorkerFactory singleInsert() {
    return context -> statementWorker(INSERT_ONE, (statement, seq) -> {
      RowBatch row = RowBatch.of(context.unique("raw", seq), 1, 1, 1);
      statement.setString(1, row.streams[0]);
      statement.setLong(2, row.versions[0]);
      statement.setObject(3, row.ids[0]);
      statement.setString(4, row.types[0]);
      statement.setString(5, row.data[0]);
      statement.setString(6, row.metadata[0]);
      statement.executeUpdate();
      return 1;
    });
  }

  /**
   * The best batch: all rows of one operation in one {@code INSERT ... SELECT FROM unnest(arrays)}
   * statement and one commit.
   *
   * @param streams new streams per operation
   * @param perStream events per stream
   */
  public WorkerFactory bestBatch(int streams, int perStream) {
    return context -> statementWorker(INSERT_UNNEST, (statement, seq) -> {
      RowBatch rows = RowBatch.of(context.unique("rawb", seq), streams, 1, perStream);
      insertUnnest(statement, rows);
      return rows.size();
    });
  }

  /** All rows of one operation in one binary COPY (one commit). */
  public WorkerFactory copy(int streams, int perStream) {
    return context -> {
      Connection connection = database.connect();
      PGConnection pg = connection.unwrap(PGConnection.class);
      BinaryCopy encoder = new BinaryCopy();
      return new Worker() {
        @Override
        public long step(long seq) throws Exception {
          RowBatch rows = RowBatch.of(context.unique("rawc", seq), streams, 1, perStream);
          byte[] bytes = encoder.header().rows(rows).trailer().drain();
          CopyIn copy = pg.getCopyAPI().copyIn(COPY);
          copy.writeToCopy(bytes, 0, bytes.length);
          copy.endCopy();
          return rows.size();
        }

        @Override
        public void close() throws SQLException {
          connection.close();
        }
      };
    };
  }

  /** Writes {@code streams} streams of {@code perStream} events named {@code prefix-i} by COPY. */
  public void prefill(String prefix, int streams, int perStream) throws SQLException {
    try (Connection connection = database.connect()) {
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
      BinaryCopy encoder = new BinaryCopy().header();
      for (int s = 0; s < streams; s++) {
        String stream = streams == 1 ? prefix : prefix + "-" + s;
        for (long v = 1; v <= perStream; v += 1_000) {
          encoder.rows(RowBatch.of(stream, 1, v, (int) Math.min(1_000, perStream - v + 1)));
          byte[] bytes = encoder.drain();
          copy.writeToCopy(bytes, 0, bytes.length);
        }
      }
      byte[] end = encoder.trailer().drain();
      copy.writeToCopy(end, 0, end.length);
      copy.endCopy();
    }
    database.execute("VACUUM ANALYZE " + TABLE);
  }

  /** The highest position in the raw table, 0 when empty. */
  public long lastPosition() throws SQLException {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT coalesce(max(position), 0) FROM " + TABLE)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  static void insertUnnest(PreparedStatement statement, RowBatch rows) throws SQLException {
    Connection connection = statement.getConnection();
    Array[] arrays = {
      connection.createArrayOf("text", rows.streams),
      connection.createArrayOf("int8", rows.versions),
      connection.createArrayOf("uuid", rows.ids),
      connection.createArrayOf("text", rows.types),
      connection.createArrayOf("text", rows.data),
      connection.createArrayOf("text", rows.metadata)
    };
    for (int i = 0; i < arrays.length; i++) {
      statement.setArray(i + 1, arrays[i]);
    }
    statement.executeUpdate();
  }

  private Worker statementWorker(String sql, Step step) throws SQLException {
    Connection connection = database.connect();
    PreparedStatement statement = connection.prepareStatement(sql);
    return new Worker() {
      @Override
      public long step(long seq) throws Exception {
        return step.run(statement, seq);
      }

      @Override
      public void close() throws SQLException {
        statement.close();
        connection.close();
      }
    };
  }

  private Worker statementWorker(String sql, SimpleStep step) throws SQLException {
    return statementWorker(sql, (statement, seq) -> step.run(statement));
  }

  /** One operation on a worker's prepared statement. */
  @FunctionalInterface
  interface Step {
    long run(PreparedStatement statement, long seq) throws Exception;
  }

  /** One operation that does not need its sequence number. */
  @FunctionalInterface
  interface SimpleStep {
    long run(PreparedStatement statement) throws Exception;
  }
}
