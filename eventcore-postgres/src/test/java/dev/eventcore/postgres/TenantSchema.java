package dev.eventcore.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A schema shared by tenants, as production would run it: owned by a login role that row-level
 * security applies to (not a superuser), migrated by a store of that owner, and login roles for the
 * tenants with the grants the module's README lists, each registered by the owner's store. {@link
 * #close()} drops the schema, the roles and their pools.
 */
final class TenantSchema implements AutoCloseable {
  static final String PASSWORD = "eventcore";
  private static final Pattern CREDENTIALS = Pattern.compile("([?&])(user|password)=[^&]*");

  private final PostgresTestDatabase db = PostgresTestDatabase.newSchema();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String owner = "ec_owner_" + suffix;
  private final List<String> roles = new CopyOnWriteArrayList<>();
  private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
  private final PostgresEventStore ownerStore;

  private TenantSchema() throws SQLException {
    superuser("CREATE ROLE " + owner + " LOGIN PASSWORD '" + PASSWORD + "'");
    superuser("DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO " + owner
        + "', current_database()); END $$");
    roles.add(owner);
    ownerStore = PostgresEventStore.builder().dataSource(pool(owner, 4)).schema(db.schema())
        .eventTypes(EventTypes.of(TestEvent.class)).build();
  }

  /** A migrated schema owned by a new role that is not a superuser. */
  static TenantSchema create() throws SQLException {
    return new TenantSchema();
  }

  String schema() {
    return db.schema();
  }

  /** The owner's store: the operator's view of every tenant, and the one that registers them. */
  PostgresEventStore owner() {
    return ownerStore;
  }

  /** A new login role with the runtime grants, registered for {@code tenant}. */
  String registeredRole(String tenant) throws SQLException {
    String role = role("ec_" + tenant);
    ownerStore.registerTenant(tenant, role);
    return role;
  }

  /**
   * A new login role with the README's runtime grants (and the deletion, archive and forget
   * functions), not yet registered for a tenant.
   */
  String role(String stem) throws SQLException {
    String role = (stem + "_" + suffix).toLowerCase(Locale.ROOT);
    superuser("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
    roles.add(role);
    String s = "\"" + db.schema() + "\"";
    superuser("GRANT USAGE ON SCHEMA " + s + " TO " + role);
    superuser("GRANT SELECT, INSERT ON " + s + ".events TO " + role);
    superuser("GRANT SELECT ON " + s + ".event_log, " + s + ".stream_lives, " + s + "."
        + Bootstrap.HISTORY_TABLE + " TO " + role);
    superuser("GRANT SELECT, INSERT, UPDATE ON " + s + ".checkpoints, " + s
        + ".projection_leases TO " + role);
    superuser("GRANT SELECT, INSERT, UPDATE, DELETE ON " + s + ".snapshots TO " + role);
    superuser("GRANT SELECT, INSERT, UPDATE, DELETE ON " + s + ".dead_letters TO " + role);
    superuser("GRANT SELECT, INSERT ON " + s + ".subject_keys TO " + role);
    superuser("GRANT EXECUTE ON FUNCTION " + s + ".enable_stream_deletion(), " + s
        + ".begin_stream_deletion(text, text), " + s + ".end_stream_deletion(text, text, bigint), "
        + s + ".begin_stream_restart(text), " + s + ".truncate_stream(text, bigint), " + s
        + ".enable_archive(), " + s + ".archive_stream(text, bigint), " + s
        + ".forget_subject(text) TO " + role);
    return role;
  }

  /** A pool of {@code size} connections that log in as {@code role}. */
  HikariDataSource pool(String role, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(urlWithoutCredentials());
    config.setUsername(role);
    config.setPassword(PASSWORD);
    config.setMaximumPoolSize(size);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /**
   * A builder for the store of {@code tenant}, logging in as {@code role}, with a pool of its own
   * (closed with the store).
   */
  PostgresEventStore.Builder tenantStore(String tenant, String role) {
    return PostgresEventStore.builder().jdbcUrl(urlWithoutCredentials()).username(role)
        .password(PASSWORD).maxPoolSize(8).schema(db.schema()).migrate(false).tenant(tenant)
        .eventTypes(EventTypes.of(TestEvent.class));
  }

  private static String urlWithoutCredentials() {
    return CREDENTIALS.matcher(PostgresTestDatabase.jdbcUrl()).replaceAll("$1")
        .replace("?&", "?").replace("&&", "&");
  }

  /** Runs SQL as the superuser, with {@code %s} replaced by the quoted schema. */
  void superuser(String sql) throws SQLException {
    db.sql(sql);
  }

  /** Runs SQL on a connection of {@code pool}. */
  static void execute(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); Statement statement = c.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    ownerStore.close();
    for (HikariDataSource pool : pools) {
      pool.close();
    }
    db.close();
    superuser("DO $$ BEGIN EXECUTE format('REVOKE CREATE ON DATABASE %I FROM " + owner
        + "', current_database()); END $$");
    for (String role : roles) {
      superuser("DROP OWNED BY " + role);
      superuser("DROP ROLE " + role);
    }
  }
}
