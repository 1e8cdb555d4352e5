package dev.eventcore.postgres;

/**
 * Checks that an optional dependency of eventcore-postgres is on the class path before the
 * feature that needs it runs, so its absence is a message naming the artifact to add rather than
 * a {@code NoClassDefFoundError}.
 */
final class OptionalDependency {
  private OptionalDependency() {}

  /** HikariCP, for a store built from a JDBC URL. */
  static void requireHikari() {
    require("com.zaxxer.hikari.HikariDataSource", "jdbcUrl(...)", "com.zaxxer:HikariCP (7.x)",
        "or give the store your own pool with dataSource(...)");
  }

  /** Flyway and its PostgreSQL support, for the shipped migrations. */
  static void requireFlyway() {
    String alternative = "or build with migrate(false) once the schema is installed from"
        + " PostgresEventStore.schemaSql(schema)";
    require("org.flywaydb.core.Flyway", "migrate(true), the default", "org.flywaydb:flyway-core"
        + " and org.flywaydb:flyway-database-postgresql (13.x)", alternative);
    require("org.flywaydb.database.postgresql.PostgreSQLDatabaseType",
        "migrate(true), the default", "org.flywaydb:flyway-database-postgresql (13.x)",
        alternative);
  }

  /**
   * @throws IllegalStateException naming {@code artifact} if {@code className} cannot be loaded
   */
  static void require(String className, String feature, String artifact, String alternative) {
    try {
      Class.forName(className, false, OptionalDependency.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(feature + " needs " + artifact + " on the class path, an"
          + " optional dependency of eventcore-postgres that this application does not have ("
          + className + " is missing): add it, " + alternative, e);
    }
  }
}
