package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The database the PostgreSQL tests run against, and a schema per test class.
 *
 * <p>{@code EVENTCORE_TEST_JDBC_URL} when set (e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); otherwise a Testcontainers PostgreSQL
 * when Docker is available; otherwise the tests fail (never skip) saying how to provide one.
 *
 * <p>Public, and published in this module's test-jar, for the PostgreSQL tests of other modules
 * (the examples): {@link #newSchema()}, {@link #schema()}, {@link #jdbcUrl()}, {@link #connect()},
 * {@link #sql(String)}, {@link #emptied(EventTypes)} and {@link #close()} (drops the schema).
 */
public final class PostgresTestDatabase implements AutoCloseable {
  static final String ENV = "EVENTCORE_TEST_JDBC_URL";

  private static String url;

  final String schema;

  private PostgresTestDatabase(String schema) {
    this.schema = schema;
  }

  /** A fresh, randomly named schema (not created: the store's migration creates it). */
  public static PostgresTestDatabase newSchema() {
    return new PostgresTestDatabase(
        "ec_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
            .toLowerCase(Locale.ROOT));
  }

  /** The schema's name. */
  public String schema() {
    return schema;
  }

  /** The test database: {@code EVENTCORE_TEST_JDBC_URL}, else a container; fails without. */
  public static synchronized String jdbcUrl() {
    if (url != null) {
      return url;
    }
    String fromEnv = System.getenv(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      url = fromEnv;
      return url;
    }
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (!docker) {
      fail("No PostgreSQL for the tests: set " + ENV + " (e.g. "
          + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres) or make Docker available for"
          + " Testcontainers");
    }
    @SuppressWarnings("resource") // lives for the whole test JVM
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
    container.start();
    String base = container.getJdbcUrl();
    url = base + (base.contains("?") ? "&" : "?") + "user=" + container.getUsername()
        + "&password=" + container.getPassword();
    return url;
  }

  /** A new connection to the test database. */
  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl());
  }

  /**
   * Installs the store's schema scripts up to version {@code target} only, as an older library
   * would have left it (for migration tests).
   */
  void migrateTo(String target) {
    Flyway.configure(PostgresTestDatabase.class.getClassLoader())
        .dataSource(jdbcUrl(), null, null)
        .schemas(schema).createSchemas(true).table(Bootstrap.HISTORY_TABLE)
        .locations("classpath:" + Bootstrap.SCRIPT_LOCATION)
        .placeholders(Map.of("schema", schema))
        .target(target)
        .load().migrate();
  }

  /**
   * Drops this schema (what an earlier test left in it) and gives a builder for a store of {@code
   * eventTypes} in it, which the store's migration creates anew: a fresh store per test.
   */
  public PostgresEventStore.Builder emptied(EventTypes eventTypes) {
    try {
      sql("DROP SCHEMA IF EXISTS %s CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot empty schema " + schema, e);
    }
    return PostgresEventStore.builder().jdbcUrl(jdbcUrl()).schema(schema).eventTypes(eventTypes);
  }

  /** A builder for a store in this schema, with the test event types. */
  PostgresEventStore.Builder builder() {
    return PostgresEventStore.builder()
        .jdbcUrl(jdbcUrl())
        .schema(schema)
        .eventTypes(EventTypes.of(TestEvent.class));
  }

  PostgresEventStore store() {
    return builder().build();
  }

  /** Runs SQL on a fresh connection, with {@code %s} replaced by the quoted schema. */
  public void sql(String sql) throws SQLException {
    try (Connection c = connect(); Statement statement = c.createStatement()) {
      statement.execute(sql.replace("%s", "\"" + schema + "\""));
    }
  }

  long count(String sqlWithSchema) throws SQLException {
    try (Connection c = connect();
        Statement statement = c.createStatement();
        var rows = statement.executeQuery(sqlWithSchema.replace("%s", "\"" + schema + "\""))) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    sql("DROP SCHEMA IF EXISTS %s CASCADE");
  }
}
