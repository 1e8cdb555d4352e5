package dev.eventcore.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.jspecify.annotations.Nullable;

/**
 * Applies the shipped schema scripts with Flyway, and turns a failure into an {@link
 * IllegalStateException} that names the schema and what stands in the way (an object eventcore did
 * not create, a schema history of other scripts), with Flyway's exception as the cause, so that no
 * Flyway type reaches the caller. A lost connection stays a {@link
 * dev.eventcore.TransientStoreException}.
 */
final class SchemaMigration {
  /** The objects the scripts create; one of the same name in the schema blocks the install. */
  private static final Set<String> OWN_OBJECTS = Set.of("events", "streams", "checkpoints",
      "dead_letters", "dead_letters_projection_idx", "events_stream_first_idx",
      "projection_leases", "snapshots",
      "append_batch", Bootstrap.HISTORY_TABLE);
  private static final Map<String, String> KINDS = Map.of("r", "table", "p", "table", "v", "view",
      "m", "materialized view", "S", "sequence", "i", "index", "I", "index", "f", "foreign table",
      "c", "type");
  private static final int MAX_NAMED = 5;

  private SchemaMigration() {}

  static void migrate(DataSource dataSource, SchemaNames names) {
    try {
      Flyway.configure(Bootstrap.class.getClassLoader())
          .dataSource(dataSource)
          .schemas(names.schema)
          .createSchemas(true)
          .table(Bootstrap.HISTORY_TABLE)
          .locations("classpath:" + Bootstrap.SCRIPT_LOCATION)
          .placeholders(Map.of("schema", names.schema))
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw explain(dataSource, names, e);
    }
  }

  /** The exception {@code build()} throws for a failed migration. */
  static RuntimeException explain(DataSource dataSource, SchemaNames names, FlywayException e) {
    SQLException sql = sqlCause(e);
    if (sql != null && SqlErrors.isConnectionLoss(sql)) {
      return SqlErrors.translate("installing the eventcore schema in schema '" + names.schema + "'",
          sql);
    }
    String schema = "schema '" + names.schema + "'";
    if (e instanceof FlywayValidateException) {
      return new IllegalStateException(schema + " holds an eventcore schema history that does not"
          + " match this library's scripts (installed by another eventcore version, or its"
          + " scripts were changed): " + firstLine(e) + ". Use the eventcore version that"
          + " installed it, or a fresh schema.", e);
    }
    List<String> foreign;
    try {
      foreign = foreignObjects(dataSource, names);
    } catch (SQLException inspecting) {
      e.addSuppressed(inspecting);
      foreign = List.of();
    }
    if (!foreign.isEmpty()) {
      return new IllegalStateException(schema + " already has " + join(foreign)
          + " that eventcore did not create (the schema has no " + Bootstrap.HISTORY_TABLE
          + " table), so eventcore will not install its tables there. Configure another schema"
          + " with schema(...), or move those objects out; PostgresEventStore.schemaSql(\""
          + names.schema + "\") shows what eventcore installs.", e);
    }
    if (sql != null) {
      return new IllegalStateException("installing the eventcore schema in " + schema
          + " failed: " + firstLine(e) + "; refused by " + SqlErrors.refuser(sql)
          + ("42P07".equals(sql.getSQLState()) || "42723".equals(sql.getSQLState())
              || "42710".equals(sql.getSQLState())
              ? ". An object eventcore did not create has a name eventcore needs: configure another"
                  + " schema with schema(...), or move that object out"
              : ""), e);
    }
    return new IllegalStateException(
        "installing the eventcore schema in " + schema + " failed: " + e.getMessage(), e);
  }

  /**
   * Objects in a schema without eventcore's history table, those named like eventcore's first,
   * described as "table 'events'".
   */
  private static List<String> foreignObjects(DataSource dataSource, SchemaNames names)
      throws SQLException {
    List<String> own = new ArrayList<>();
    List<String> others = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(
            "SELECT to_regclass(?) IS NOT NULL, kind, name FROM ("
                + " SELECT c.relkind::text AS kind, c.relname::text AS name FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?"
                + " UNION ALL SELECT 'function', p.proname::text FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ?"
                + " ) o ORDER BY name")) {
      statement.setString(1, names.qualified(Bootstrap.HISTORY_TABLE));
      statement.setString(2, names.schema);
      statement.setString(3, names.schema);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          if (row.getBoolean(1)) {
            return List.of(); // eventcore's schema: the failure is elsewhere
          }
          String kind = row.getString(2);
          String described = KINDS.getOrDefault(kind, kind) + " '" + row.getString(3) + "'";
          (OWN_OBJECTS.contains(row.getString(3)) ? own : others).add(described);
        }
      }
    }
    own.addAll(others);
    return own;
  }

  /** "a table 'events', an index 'events_pkey' and 2 more objects". */
  private static String join(List<String> objects) {
    List<String> named = new ArrayList<>();
    for (String object : objects.subList(0, Math.min(objects.size(), MAX_NAMED))) {
      named.add(("aeiou".indexOf(object.charAt(0)) >= 0 ? "an " : "a ") + object);
    }
    int more = objects.size() - named.size();
    if (more > 0) {
      named.add(more + " more objects");
    }
    String last = named.remove(named.size() - 1);
    return named.isEmpty() ? last : String.join(", ", named) + " and " + last;
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage()).strip();
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end).strip();
  }

  private static @Nullable SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
