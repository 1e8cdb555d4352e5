package dev.eventcore.postgres;

import dev.eventcore.StoreFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: the owned pool, the server version check, the durability warnings, the schema migration and the
 * restore guard. Each failure says what is wrong and what the operator can do.
 */
final class Bootstrap {
  static final String SCRIPT_LOCATION = "dev/eventcore/postgres/schema";
  static final String HISTORY_TABLE = "eventcore_schema_history";
  static final String[] SCRIPTS =
      {"V1__event_store.sql", "V2__projections.sql", "V3__snapshots.sql", "V4__event_revision.sql",
        "V5__append_batch_set_based.sql", "V6__stream_version_from_events.sql",
        "V7__dead_letter_raw_envelope.sql", "V9__stream_listing_and_projection_control.sql",
        "V10__dead_letter_replay_request.sql", "V11__event_codec.sql",
        "V12__read_stream.sql", "V13__log_queries.sql", "V14__append_in_transaction.sql",
        "V15__stream_deletion.sql", "V16__subject_keys.sql", "V17__archive.sql",
        "V18__tenants.sql", "V19__boundaries.sql"};

  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
  private static final int MIN_SERVER_VERSION = 140000;

  private Bootstrap() {}

  /** Throws {@link IllegalStateException} naming what a store builder still lacks or mixes. */
  static void requireComplete(boolean eventTypes, @Nullable String jdbcUrl,
      @Nullable DataSource dataSource, @Nullable String username, @Nullable String password) {
    if (!eventTypes) {
      throw new IllegalStateException(
          "eventTypes is required: call eventTypes(EventTypes.of(YourEvent.class, ...))");
    }
    if ((jdbcUrl == null) == (dataSource == null)) {
      throw new IllegalStateException(jdbcUrl == null
          ? "a database is required: call jdbcUrl(...) or dataSource(...)"
          : "call either jdbcUrl(...) or dataSource(...), not both");
    }
    if (dataSource != null && (username != null || password != null)) {
      throw new IllegalStateException(
          "username/password apply to jdbcUrl(...); configure them on your DataSource");
    }
  }

  /** The owned pool's size, if it leaves room for the LISTEN connection, a writer and a reader. */
  static int checkPoolSize(int maxPoolSize) {
    if (maxPoolSize < 3) {
      throw new IllegalArgumentException(
          "maxPoolSize must be >= 3 (one LISTEN connection, one writer, one reader) but was "
              + maxPoolSize);
    }
    return maxPoolSize;
  }

  /**
   * Checks the server, installs or checks the schema on the owned pool (when not null) or the given
   * data source, and builds the store on it; closes the owned pool if anything fails.
   */
  static <T> T open(@Nullable OwnedPool pool, @Nullable DataSource given, SchemaNames names,
      boolean migrate, Function<DataSource, T> build) {
    try {
      DataSource source = Objects.requireNonNull(pool != null ? pool.dataSource() : given,
          "requireComplete checked that a jdbcUrl or a dataSource is set");
      start(source, names, migrate);
      return build.apply(source);
    } catch (RuntimeException | Error e) {
      if (pool != null) {
        pool.close();
      }
      throw e;
    }
  }

  static void start(DataSource dataSource, SchemaNames names, boolean migrate) {
    checkServer(dataSource);
    if (migrate) {
      OptionalDependency.requireFlyway();
      SchemaMigration.migrate(dataSource, names);
    }
    checkInstalledAndNotRestored(dataSource, names, migrate);
    if (names.tenant.isPresent()) {
      Tenancy.requireIsolated(dataSource, names);
    }
  }

  private static void checkServer(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(
            "SELECT current_setting('server_version_num')::int, current_setting('server_version'),"
                + " current_setting('fsync'), current_setting('synchronous_commit')");
        ResultSet row = statement.executeQuery()) {
      row.next();
      if (row.getInt(1) < MIN_SERVER_VERSION) {
        throw new IllegalStateException(
            "eventcore needs PostgreSQL 14 or later (for pg_current_xact_id and xid8); this server"
                + " is " + row.getString(2));
      }
      if (!"on".equals(row.getString(3)) || "off".equals(row.getString(4))) {
        LOG.warn("PostgreSQL durability is reduced: fsync={}, synchronous_commit={}; acknowledged"
            + " appends can be lost in a crash. Never run a production event store like this.",
            row.getString(3), row.getString(4));
      }
    } catch (SQLException e) {
      throw failure("checking the PostgreSQL server", e);
    }
  }

  private static void checkInstalledAndNotRestored(
      DataSource dataSource, SchemaNames names, boolean migrate) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement statement = c.prepareStatement(
              "SELECT to_regclass(?) IS NOT NULL AND to_regprocedure(?) IS NOT NULL,"
                  + " to_regclass(?) IS NOT NULL")) {
        statement.setString(1, names.qualified("events"));
        statement.setString(2, names.qualified(
            "append_batch(int[], text[], bigint[], int[], uuid[], text[], int[], text[], text[])"));
        statement.setString(3, names.qualified("streams"));
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          if (!row.getBoolean(1)) {
            throw new IllegalStateException(
                "the eventcore schema is not installed in schema '" + names.schema + "'"
                    + (migrate ? "" : " and migrate(false) was set: install it with the SQL of"
                        + " PostgresEventStore.schemaSql(\"" + names.schema + "\")"));
          }
          if (row.getBoolean(2)) {
            // before V6 append_batch kept a streams table this version no longer writes
            throw new IllegalStateException(
                "the eventcore schema in schema '" + names.schema + "' is older than this library"
                    + " (V6__stream_version_from_events.sql not applied)"
                    + (migrate ? "" : " and migrate(false) was set: apply the scripts after V5 from"
                        + " PostgresEventStore.schemaSql(\"" + names.schema + "\")"));
          }
        }
      }
      try (PreparedStatement statement = c.prepareStatement(
              "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?)"
                  + " AND attname = 'raw_revision' AND NOT attisdropped),"
                  + " EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?)"
                  + " AND attname = 'paused_at' AND NOT attisdropped),"
                  + " EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?)"
                  + " AND attname = 'replay_requested_at' AND NOT attisdropped),"
                  + " EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?)"
                  + " AND attname = 'binary_data' AND NOT attisdropped),"
                  + " to_regprocedure(?) IS NOT NULL, to_regclass(?) IS NOT NULL,"
                  + " to_regclass(?) IS NOT NULL")) {
        statement.setString(1, names.qualified("dead_letters"));
        statement.setString(2, names.qualified("projection_leases"));
        statement.setString(3, names.qualified("projection_leases"));
        statement.setString(4, names.qualified("events"));
        statement.setString(5, names.qualified("read_stream(text, bigint, integer)"));
        statement.setString(6, names.qualified("stream_lives"));
        statement.setString(7, names.qualified("event_log"));
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          // every dead letter, not only those of undecodable events, writes the V7 columns;
          // every lease grant reads the V9 and V10 ones; every event read the V11 ones; every
          // stream read calls V12's function and reads V15's table, every read V17's event_log
          String missing = !row.getBoolean(1) ? "V7__dead_letter_raw_envelope.sql"
              : !row.getBoolean(2) ? "V9__stream_listing_and_projection_control.sql"
              : !row.getBoolean(3) ? "V10__dead_letter_replay_request.sql"
              : !row.getBoolean(4) ? "V11__event_codec.sql"
              : !row.getBoolean(5) ? "V12__read_stream.sql"
              : !row.getBoolean(6) ? "V15__stream_deletion.sql"
              : !row.getBoolean(7) ? "V17__archive.sql" : null;
          if (missing != null) {
            throw new IllegalStateException(
                "the eventcore schema in schema '" + names.schema + "' is older than this library"
                    + " (" + missing + " not applied)"
                    + (migrate ? "" : " and migrate(false) was set: apply the scripts from "
                        + missing.substring(0, missing.indexOf("__"))
                        + " on from PostgresEventStore.schemaSql(\"" + names.schema + "\")"));
          }
        }
      }
      try (PreparedStatement statement = c.prepareStatement(
              "SELECT (SELECT e.tx::text FROM " + names.qualified("events")
                  + " e ORDER BY e.tx DESC, e.ordinal DESC LIMIT 1),"
                  + " pg_snapshot_xmax(pg_current_snapshot())::text");
          ResultSet row = statement.executeQuery()) {
        row.next();
        String stored = row.getString(1);
        if (stored != null && Long.parseLong(stored) >= Long.parseLong(row.getString(2))) {
          throw new IllegalStateException(
              "refusing to start: schema '" + names.schema + "' holds events of transaction "
                  + stored + ", but this server's next transaction id is " + row.getString(2)
                  + ". The data was restored logically (pg_dump) or the server failed over to a"
                  + " replica that lost transactions, so new events would get positions below"
                  + " ones already handed out and subscribers would skip them. Restore with"
                  + " pg_basebackup/physical replication, or migrate the events into a fresh store"
                  + " and reset every subscription checkpoint.");
        }
      }
    } catch (SQLException e) {
      throw failure("checking the eventcore schema in schema '" + names.schema + "'", e);
    }
  }

  /**
   * A start-up failure: a lost connection stays transient (the same build may succeed later),
   * anything else is the {@link IllegalStateException} that {@code build()} documents.
   */
  private static RuntimeException failure(String what, SQLException e) {
    if (SqlErrors.isConnectionLoss(e)) {
      return SqlErrors.translate(what, e);
    }
    return new IllegalStateException(what + " failed: " + SqlErrors.refuser(e), e);
  }

  /** The pool a store built from a URL owns (HikariCP: an optional dependency). */
  static OwnedPool ownedPool(
      String jdbcUrl, @Nullable String username, @Nullable String password, int maxPoolSize,
      String schema) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with 'jdbc:postgresql:' but was '" + jdbcUrl + "'");
    }
    OptionalDependency.requireHikari();
    return HikariPool.open(jdbcUrl, username, password, maxPoolSize, schema);
  }


  /** The installation SQL for {@code schema}, for users who run migrations themselves. */
  static String schemaSql(SchemaNames names) {
    StringBuilder sql = new StringBuilder(
        "CREATE SCHEMA IF NOT EXISTS \"" + names.schema + "\";\n\n");
    for (String script : SCRIPTS) {
      sql.append(resource("/" + SCRIPT_LOCATION + "/" + script).replace("${schema}", names.schema));
    }
    return sql.toString();
  }

  /**
   * The text of the jar's resource {@code path}; a missing or unreadable one (a damaged jar) is a
   * {@link StoreFailureException}, never an {@code UncheckedIOException}.
   */
  static String resource(String path) {
    try (InputStream in = Bootstrap.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new StoreFailureException("the eventcore-postgres jar lacks its resource " + path
            + ": the schema cannot be installed or checked (is the jar complete?)", null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreFailureException("reading the resource " + path
          + " from the eventcore-postgres jar failed: " + e, e);
    }
  }
}
