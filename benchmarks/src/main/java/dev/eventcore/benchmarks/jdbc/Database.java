package dev.eventcore.benchmarks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The benchmark database: counted connections for the raw probes, a pool for the library, and the
 * two schemas the suite owns and drops ({@value #RAW_SCHEMA} for raw tables, {@value
 * #STORE_SCHEMA} for the library's store). Thread-safe.
 */
public final class Database implements AutoCloseable {
  /** The schema of the raw-probe tables. */
  public static final String RAW_SCHEMA = "eventcore_bench";

  /** The schema the library store is opened in, fresh for each workload. */
  public static final String STORE_SCHEMA = "eventcore_bench_store";

  /** Pool size for the library: enough for 16 writers and the store's own connections. */
  private static final int POOL_SIZE = 24;

  private final String url;
  private final CountingDataSource counting;
  private HikariDataSource pool;

  private Database(String url) {
    this.url = url;
    this.counting = new CountingDataSource(url);
  }

  /**
   * Connects to {@code url} once to check it works.
   *
   * @throws SQLException if the server cannot be reached
   */
  public static Database open(String url) throws SQLException {
    Database database = new Database(url);
    try (Connection connection = database.connect()) {
      connection.isValid(5);
    }
    return database;
  }

  /** The JDBC URL. */
  public String url() {
    return url;
  }

  /** A new dedicated connection that counts its round trips; the caller closes it. */
  public Connection connect() throws SQLException {
    return counting.getConnection();
  }

  /** Round trips counted so far on every connection, raw and pooled. */
  public long roundTrips() {
    return counting.roundTrips();
  }

  /** The pool the library's stores use (connections counted too); created on first use. */
  public synchronized DataSource pool() {
    if (pool == null) {
      HikariConfig config = new HikariConfig();
      config.setDataSource(counting);
      config.setMaximumPoolSize(POOL_SIZE);
      config.setMinimumIdle(POOL_SIZE);
      config.setPoolName("eventcore-bench");
      pool = new HikariDataSource(config);
    }
    return pool;
  }

  /** The server's version and durability settings. */
  public ServerInfo serverInfo() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      return new ServerInfo(
          show(statement, "server_version"),
          show(statement, "fsync"),
          show(statement, "synchronous_commit"),
          show(statement, "wal_sync_method"),
          show(statement, "shared_buffers"),
          exists(statement, "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'"));
    }
  }

  /** Runs DDL or maintenance statements, each in autocommit. */
  public void execute(String... sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  /** Drops {@code schema} and everything in it, if it exists. */
  public void dropSchema(String schema) throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** Closes the pool and leaves the schemas (a test that made its own schema dropped it). */
  public synchronized void closePool() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  /** Closes the pool and drops both schemas. */
  @Override
  public synchronized void close() throws SQLException {
    if (pool != null) {
      pool.close();
      pool = null;
    }
    dropSchema(STORE_SCHEMA);
    dropSchema(RAW_SCHEMA);
  }

  private static String show(Statement statement, String setting) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static boolean exists(Statement statement, String query) throws SQLException {
    try (ResultSet rows = statement.executeQuery(query)) {
      return rows.next();
    }
  }
}
