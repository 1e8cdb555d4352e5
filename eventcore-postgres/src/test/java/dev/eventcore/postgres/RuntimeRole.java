package dev.eventcore.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.serialization.EventTypes;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A least-privileged runtime role for the privilege tests: a NOLOGIN role with the reads and
 * inserts the module's README lists (no EXECUTE on the functions that remove or move events until
 * a test grants it), a pool whose connections act as it, and a store on that pool. Created after
 * the schema is migrated by its owner; dropped by {@link #close()}.
 */
final class RuntimeRole implements AutoCloseable {
  private final PostgresTestDatabase db;
  private final String name;

  private RuntimeRole(PostgresTestDatabase db, String name) {
    this.db = db;
    this.name = name;
  }

  /** Migrates {@code db}'s schema as its owner, then creates the role with the base grants. */
  static RuntimeRole create(PostgresTestDatabase db) throws SQLException {
    db.store().close();
    RuntimeRole role =
        new RuntimeRole(db, "ec_runtime_" + UUID.randomUUID().toString().substring(0, 8));
    db.sql("CREATE ROLE " + role.name + " NOLOGIN");
    role.grant("USAGE ON SCHEMA %s");
    role.grant("SELECT, INSERT ON %s.events");
    role.grant("SELECT ON %s.event_log");
    role.grant("SELECT ON %s.stream_lives");
    role.grant("SELECT ON %s." + Bootstrap.HISTORY_TABLE);
    return role;
  }

  String name() {
    return name;
  }

  /** Grants {@code privileges} ({@code %s} is the quoted schema) to the role. */
  void grant(String privileges) throws SQLException {
    db.sql("GRANT " + privileges + " TO " + name);
  }

  /** A pool whose connections act as the role. */
  HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.jdbcUrl());
    config.setConnectionInitSql("SET ROLE " + name);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  /** A store on {@code pool} that does not migrate (the role may not). */
  PostgresEventStore store(HikariDataSource pool) {
    return PostgresEventStore.builder().dataSource(pool).schema(db.schema()).migrate(false)
        .eventTypes(EventTypes.of(TestEvent.class)).build();
  }

  /** Revokes the role's grants (DROP OWNED BY: it owns nothing) and drops it. */
  @Override
  public void close() throws SQLException {
    db.sql("DROP OWNED BY " + name);
    db.sql("DROP ROLE " + name);
  }
}
