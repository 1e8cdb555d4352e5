package dev.eventcore.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresLogInfo;
import dev.eventcore.postgres.PostgresProjectionAdmin;
import dev.eventcore.serialization.EventTypes;

/**
 * One command's connection to the store: a small pool of its own (application name {@code
 * eventcore-cli}), the store opened on it without migrating and with no event classes (every
 * event reads as its stored JSON), and the operator's views of its projections and log.
 */
final class Session implements AutoCloseable {
  private final HikariDataSource pool;
  private final PostgresEventStore store;
  private final String schema;

  private Session(HikariDataSource pool, PostgresEventStore store, String schema) {
    this.pool = pool;
    this.store = store;
    this.schema = schema;
  }

  /**
   * Connects to {@code jdbcUrl} and opens the store in {@code schema}.
   *
   * @throws CliException saying why it cannot: a bad URL, an unreachable server, no store there
   */
  static Session open(String jdbcUrl, String schema) {
    if (jdbcUrl.isBlank()) {
      throw new CliException("--jdbc-url is required (or set EVENTCORE_JDBC_URL), e.g."
          + " --jdbc-url 'jdbc:postgresql://127.0.0.1:5432/app?user=ops'");
    }
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new CliException("--jdbc-url must start with 'jdbc:postgresql:' but was '"
          + redacted(jdbcUrl) + "'");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    config.setPoolName("eventcore-cli");
    config.setAutoCommit(true);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setConnectionTimeout(5_000);
    if (!jdbcUrl.contains("ApplicationName=")) {
      config.addDataSourceProperty("ApplicationName", "eventcore-cli");
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new CliException("cannot connect to PostgreSQL at " + redacted(jdbcUrl) + ": "
          + rootMessage(e));
    }
    try {
      PostgresEventStore store = PostgresEventStore.builder().dataSource(pool).schema(schema)
          .eventTypes(EventTypes.of()).migrate(false).build();
      return new Session(pool, store, schema);
    } catch (IllegalStateException e) {
      pool.close();
      if (String.valueOf(e.getMessage()).contains("is not installed in schema")) {
        throw new CliException("no eventcore store in schema '" + schema + "' at "
            + redacted(jdbcUrl) + " (check --schema)");
      }
      throw e;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  PostgresEventStore store() {
    return store;
  }

  PostgresProjectionAdmin projections() {
    return PostgresProjectionAdmin.of(store);
  }

  PostgresLogInfo log() {
    return PostgresLogInfo.of(store);
  }

  String schema() {
    return schema;
  }

  /** The URL with any password replaced, for messages. */
  static String redacted(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** The innermost cause's message: the driver's words for why it cannot connect. */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      pool.close();
    }
  }
}
