package dev.eventcore.postgres;

import dev.eventcore.StreamId;
import dev.eventcore.internal.LegacyStreamIds;
import dev.eventcore.internal.TenantKeys;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The store's validated schema name, its tenant, and every SQL text that names them. Only a
 * validated identifier is ever concatenated into SQL; every value is bound.
 *
 * <p>A tenant's store writes each key it owns (stream ids, projection names, data subjects) as the
 * tenant, U+001F and the key ({@link TenantKeys}); {@link #key} adds the tenant, {@link #streamId}
 * and {@link #local} take it off again. For the default tenant a key is stored as it is.
 */
final class SchemaNames {
  /** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
  static final int MAX_IDENTIFIER_BYTES = 63;

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  final String schema;
  /** The tenant, or empty for the default tenant. */
  final Optional<String> tenant;
  /** The tenant's key scheme: how its keys are stored. */
  private final TenantKeys keys;
  final String appendSql;
  /** append_batch with the codec's name and binary payloads (V11), for every codec but JSON. */
  final String appendCodecSql;
  /** append_batch inside a caller's transaction (V14), with the NOTIFY channel as last parameter. */
  final String appendInTransactionSql;
  final String readAllSql;
  final String readStreamSql;
  /** The first page of a stream read, by V12's function (a plan made once per session). */
  final String readStreamHeadSql;
  /** A stream's payloads only, for folding: version, type, data, revision, codec, binary data. */
  final String readPayloadsSql;
  /** A stream's events from a version down, newest first. */
  final String readBackwardsSql;
  /** The first event recorded at or after a time (tx, ordinal), and the read horizon (xmin). */
  final String positionAtSql;
  /** The readable events of one correlation id after a position, by V13's index. */
  final String readCorrelatedSql;
  final String currentVersionSql;
  final String channel;
  /** How a log read is planned: for a tenant's store, in the tenant index's order. */
  final EventQuery.Plans logPlans;

  /**
   * An event's {@code recorded_at} as microseconds since the epoch: a number to read, where a
   * timestamp would be parsed from text on every row. {@code date_part} (a double) is exact to the
   * microsecond between 1900 and 2100 (checked on millions of random timestamps; the double's
   * rounding is off by one microsecond for some timestamps after 2106) and costs a third of {@code
   * extract} (a numeric), which is kept for timestamps outside that range.
   */
  static final String RECORDED_AT_MICROS =
      "CASE WHEN e.recorded_at BETWEEN '1900-01-01 00:00+00' AND '2100-01-01 00:00+00'"
          + " THEN (date_part('epoch', e.recorded_at) * 1000000)::bigint"
          + " ELSE (extract(epoch FROM e.recorded_at) * 1000000)::bigint END";

  /**
   * The columns of an event row, in the order {@link EventReader#decode} reads them. The position
   * is computed by the reader from {@code tx} and {@code ordinal} (a cast of xid8 through text on
   * the server costs more than the whole row's other columns). The payload is {@code data} (JSON,
   * NULL for a binary codec) or {@code binary_data}, written by {@code codec}; a JSON row returns
   * both as NULL, so it costs no more to send or read than before codecs.
   */
  static final String EVENT_COLUMNS =
      "e.tx, e.ordinal, e.stream_id, e.version, e.event_id, e.type, e.data::text AS data,"
          + " e.metadata::text AS metadata, " + RECORDED_AT_MICROS + " AS recorded_at, e.revision,"
          + " e.codec, e.binary_data";

  SchemaNames(String schema) {
    this(schema, Optional.empty());
  }

  SchemaNames(String schema, Optional<String> tenant) {
    this.schema = validate(schema);
    this.tenant = tenant.map(SchemaNames::validateTenant);
    this.keys = tenant.map(TenantKeys::of).orElse(TenantKeys.ofDefault());
    String q = "\"" + schema + "\"";
    String columns = EVENT_COLUMNS;
    this.logPlans =
        this.tenant.isPresent() ? EventQuery.Plans.LOG_IN_INDEX_ORDER : EventQuery.Plans.CUSTOM;
    this.appendSql = "SELECT * FROM " + q + ".append_batch(?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.appendCodecSql = "SELECT * FROM " + q + ".append_batch(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.appendInTransactionSql =
        "SELECT * FROM " + q + ".append_in_transaction(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // reads go through event_log, the whole log (hot and archived events); appends and their
    // checks, and the stream's version, use the hot partition (events), which holds every
    // stream's last event
    this.readAllSql =
        "SELECT " + columns + " FROM " + q + ".event_log e"
            + " WHERE (e.tx, e.ordinal) > (CAST(? AS xid8), ?)"
            + " AND e.tx < pg_snapshot_xmin(pg_current_snapshot())"
            + " ORDER BY e.tx, e.ordinal LIMIT ?";
    // a stream's reads start at its first readable version (stream_lives: after a truncation, a
    // deletion or a restart); the one-row p is looked up once, not per event
    String bounded = "WITH p AS (SELECT CAST(? AS text) AS s, CAST(? AS bigint) AS f)";
    String from = " FROM p JOIN " + q + ".event_log e ON e.stream_id = p.s AND e.version >= greatest(p.f,"
        + " coalesce((SELECT l.first_version FROM " + q + ".stream_lives l"
        + " WHERE l.stream_id = p.s), 1))";
    this.readStreamSql =
        bounded + " SELECT " + columns + from + " ORDER BY e.version LIMIT ?";
    this.readStreamHeadSql = "SELECT * FROM " + q + ".read_stream(?, ?, ?)";
    this.readPayloadsSql =
        bounded + " SELECT e.version, e.type, e.data::text AS data, e.revision, e.codec,"
            + " e.binary_data" + from + " ORDER BY e.version LIMIT ?";
    this.readBackwardsSql =
        "WITH p AS (SELECT CAST(? AS text) AS s, CAST(? AS bigint) AS t) SELECT " + columns
            + " FROM p JOIN " + q + ".event_log e ON e.stream_id = p.s AND e.version <= p.t"
            + " AND e.version >= coalesce((SELECT l.first_version FROM " + q + ".stream_lives l"
            + " WHERE l.stream_id = p.s), 1) ORDER BY e.version DESC LIMIT ?";
    // the events since the time, collected first: walking the log in position order instead
    // until the first match would read every older event (the planner cannot know that times
    // grow with positions)
    this.positionAtSql =
        "WITH since AS MATERIALIZED (SELECT e.tx, e.ordinal FROM " + q + ".event_log e"
            + " WHERE e.recorded_at >= ?)"
            + " SELECT f.tx::text, f.ordinal, pg_snapshot_xmin(pg_current_snapshot())::text"
            + " FROM (SELECT 1) one LEFT JOIN LATERAL"
            + " (SELECT tx, ordinal FROM since ORDER BY tx, ordinal LIMIT 1) f ON true";
    // ?? is the jsonb key-exists operator (pgjdbc's escape for a literal ?): the index is partial
    this.readCorrelatedSql =
        "SELECT " + columns + " FROM " + q + ".event_log e"
            + " WHERE e.metadata ?? 'correlationId' AND e.metadata->>'correlationId' = ?"
            + " AND (e.tx, e.ordinal) > (CAST(? AS xid8), ?)"
            + " AND e.tx < pg_snapshot_xmin(pg_current_snapshot())"
            + " ORDER BY e.tx, e.ordinal LIMIT ?";
    this.currentVersionSql =
        "SELECT coalesce(max(version), 0) FROM " + q + ".events WHERE stream_id = ?";
    String name = "eventcore_" + schema;
    this.channel =
        name.length() <= MAX_IDENTIFIER_BYTES
            ? name
            : "eventcore_" + Integer.toHexString(schema.hashCode()) + "_"
                + schema.substring(0, 30);
  }

  /** The stored form of {@code stream}: the tenant's prefix and its id. */
  String key(StreamId stream) {
    return keys.key(stream.value());
  }

  /** The stored form of a projection name or a data subject: the tenant's prefix and the name. */
  String key(String name) {
    return keys.key(name);
  }

  /**
   * A stored key without the tenant's prefix. Row-level security lets a tenant's session read its
   * own rows only, so every key it reads has the prefix; one without it is refused loudly.
   *
   * @throws IllegalStateException if {@code stored} is not one of the tenant's keys
   */
  String local(String stored) {
    if (!keys.owns(stored)) {
      throw new IllegalStateException("read a row of another tenant (key " + printable(stored)
          + ") in the store of tenant " + tenant.orElseThrow()
          + ": row-level security is off for this session; see the module's README on tenants");
    }
    return keys.local(stored);
  }

  /** A key after every key of the tenant, or empty for the default. */
  Optional<String> keysEnd() {
    return tenant.map(t -> keys.end());
  }

  /** Whether {@code stored} is the key of {@code stream}, without building the key. */
  boolean isKeyOf(String stored, StreamId stream) {
    return keys.isKey(stored, stream.value());
  }

  /** A stream id read from a row, without the tenant's prefix. */
  StreamId streamId(String stored) {
    return LegacyStreamIds.read(local(stored));
  }

  /**
   * Checks a tenant: 1 to 63 characters of {@code a-z}, {@code 0-9} and {@code _}.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  static String validateTenant(String tenant) {
    return TenantKeys.validate(tenant);
  }

  /** The qualified name of a table or function of the store. */
  String qualified(String name) {
    return "\"" + schema + "\"." + name;
  }

  /** The names of {@code store}'s schema. */
  static SchemaNames of(PostgresEventStore store) {
    return store instanceof DefaultPostgresEventStore
        ? ((DefaultPostgresEventStore) store).names() // built once, with its statements
        : new SchemaNames(store.schema(), store.tenant());
  }

  /**
   * Checks a schema name: {@code [a-z_][a-z0-9_]*}, at most 63 bytes.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  static String validate(String schema) {
    Objects.requireNonNull(schema, "schema");
    if (schema.isEmpty()
        || schema.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES
        || !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema must be 1.." + MAX_IDENTIFIER_BYTES + " chars of lower-case letters, digits"
              + " and '_', not starting with a digit, but was '" + printable(schema) + "'");
    }
    if (schema.startsWith("pg_")) {
      throw new IllegalArgumentException(
          "schema must not start with 'pg_' (reserved by PostgreSQL) but was '" + schema + "'");
    }
    return schema;
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(c -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        });
    return out.toString();
  }
}
