/**
 * The PostgreSQL event store and its projection-side stores (checkpoints, dead letters,
 * snapshots, leases), transactional JDBC projections and the schema migrations.
 */
module dev.eventcore.postgres {
  requires transitive dev.eventcore;
  requires transitive dev.eventcore.jackson;
  requires transitive java.sql;
  requires static com.zaxxer.hikari; // optional: for jdbcUrl(...)
  requires static flyway.core; // optional: for migrate(true)
  requires org.postgresql.jdbc;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.eventcore.postgres;

  // Flyway reads the shipped migration scripts from the module
  opens dev.eventcore.postgres.schema to flyway.core;
}
