package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.health.StoreHealth;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.TailerSettings;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PostgreSQL event store (PostgreSQL 14 or later).
 *
 * <pre>{@code
 * PostgresEventStore store = PostgresEventStore.builder()
 *     .jdbcUrl("jdbc:postgresql://127.0.0.1:5432/app").username("app").password(secret)
 *     .eventTypes(EventTypes.of(OrderEvent.class))
 *     .build();
 * }</pre>
 *
 * <p>Every append is one round trip and one commit: one call of the schema's {@code append_batch}
 * function, which locks the streams, checks expected versions and idempotent retries, and inserts
 * all events. With group commit (on by default, see {@link Builder#groupCommit}) concurrent
 * appends share that round trip and commit, each still checked on its own. The global log never
 * skips an event: it shows only events below the transaction-id horizon (see {@link
 * HorizonStatus}). Subscribers in this JVM are woken right after each commit, those in other
 * processes by a debounced NOTIFY, with polling as the fallback. Thread-safe; close it to release
 * the pool (when built from a URL) and its threads.
 *
 * <p>Beyond {@link EventStore}, it offers what is its own: the {@linkplain #horizonStatus() horizon
 * status}, its {@link #dataSource()} and {@link #schema()} (for {@link JdbcProjection} and the
 * projection-side stores sharing its schema), health checks, and the {@linkplain #schemaSql schema
 * SQL} for a DBA.
 *
 * @since 0.1.0
 */
public interface PostgresEventStore extends EventStore, StoreHealth {

  /** A builder; {@link Builder#eventTypes} and a data source or URL are required. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The SQL that installs the store's schema, for {@code migrate(false)} users whose DBA runs it
   * (the same scripts the store applies with Flyway, from the jar's {@code
   * dev/eventcore/postgres/schema/} folder, with {@code ${schema}} replaced).
   *
   * @throws IllegalArgumentException if {@code schema} is not a valid schema name
   */
  static String schemaSql(String schema) {
    return Bootstrap.schemaSql(new SchemaNames(schema));
  }

  /** The current horizon stall: committed events not yet readable, and who holds them back. */
  HorizonStatus horizonStatus();

  /**
   * The store's connections: those of its own pool when built from a URL, else the data source it
   * was given. For projections that write tables in the same database ({@link JdbcProjection}).
   */
  DataSource dataSource();

  /** The schema holding the store's tables. */
  String schema();

  /**
   * The tenant whose events this store reads and writes, or empty for a store that is not a
   * tenant's: the default tenant's, or the operator's view of every tenant when it connects as the
   * schema's owner. See {@link Builder#tenant(String)}.
   */
  Optional<String> tenant();

  /**
   * Maps a login role to a tenant, so that a store logging in as it with {@link
   * Builder#tenant(String)} is the tenant's store, and turns tenant isolation on in the schema
   * (row-level security on every table, the index of each tenant's log). Called on a store of the
   * schema's owner; registering a role again moves it to another tenant. See docs/tenants.md.
   *
   * @param tenant 1 to 63 characters of {@code a-z}, {@code 0-9} and {@code _}
   * @param loginRole an existing role, not a superuser, not {@code BYPASSRLS}, not the owner's
   * @throws IllegalArgumentException if the tenant or the role is invalid or sees every tenant
   * @throws IllegalStateException if this store's role is not the schema's owner, or a superuser
   *     or {@code BYPASSRLS} role owns the schema, a table or a {@code SECURITY DEFINER} function
   */
  void registerTenant(String tenant, String loginRole);

  /**
   * Appends {@code events} to {@code stream} inside the application's own open transaction on
   * {@code transaction}, so that its changes to its own tables and the events commit or roll back
   * together (outbox style). Everything else is as {@link #append(StreamId, ExpectedVersion, List)}.
   *
   * <pre>{@code
   * try (Connection c = dataSource.getConnection()) {
   *   c.setAutoCommit(false);
   *   store.append(c, order, ExpectedVersion.noStream(), List.of(EventData.of(placed)));
   *   insertIntoOrdersTable(c, placed);
   *   c.commit(); // the events are readable, and subscribers woken, from here on
   * }
   * }</pre>
   *
   * <p>The store never commits, rolls back, closes or changes the mode of {@code transaction}. The
   * streams' locks are held until the application's transaction ends, and the global log shows
   * nothing written after that transaction began writing until it ends: keep such transactions
   * short, as every writing transaction (a stall is reported like any other, see {@link
   * #horizonStatus()}). Appending before the transaction's first write keeps each stream's events
   * in log order by construction; if the transaction wrote first and another transaction has
   * appended to the stream since, the append is refused with a {@link
   * dev.eventcore.TransientStoreException} (roll back and retry the transaction) rather than put
   * the stream's events out of order in the log. Subscribers are woken by a NOTIFY that
   * PostgreSQL delivers at the commit. A {@link dev.eventcore.WrongExpectedVersionException} or
   * {@link dev.eventcore.DuplicateEventIdException} leaves the transaction usable; after any other
   * failure the transaction is aborted and must be rolled back. The events are not readable
   * through the store before the commit, not even on this connection's behalf.
   *
   * @param transaction a connection of this store's database, with auto-commit off
   * @throws IllegalArgumentException if {@code transaction} is closed, in auto-commit mode, or not
   *     a PostgreSQL connection
   */
  default AppendResult append(Connection transaction, StreamId stream, ExpectedVersion expected,
      List<? extends EventData<?>> events) {
    return append(transaction, List.of(StreamAppend.writing(stream, expected, events)));
  }

  /**
   * Appends {@code appends} atomically inside the application's open transaction on {@code
   * transaction}: {@link #append(List)} joined to that transaction, as {@link #append(Connection,
   * StreamId, ExpectedVersion, List)} explains.
   *
   * @throws IllegalArgumentException if {@code transaction} is closed, in auto-commit mode, or not
   *     a PostgreSQL connection
   */
  AppendResult append(Connection transaction, List<StreamAppend> appends);

  /**
   * Configures a {@link PostgresEventStore}. Not thread-safe; {@link #build()} checks everything and
   * fails fast with a message saying what to fix.
   */
  final class Builder {
    @Nullable String jdbcUrl;
    @Nullable String username;
    @Nullable String password;
    @Nullable DataSource dataSource;
    String schema = "eventcore";
    @Nullable EventTypes eventTypes;
    @Nullable EventCodec codec;
    List<EventCodec> readCodecs = List.of();
    boolean migrate = true;
    int maxPoolSize = 10;
    StoreLimits limits = StoreLimits.defaults();
    boolean groupCommit = true;
    Duration stallWarningAfter = Duration.ofSeconds(10);
    Duration pollInterval = Duration.ofMillis(500);
    Duration logReadCoalescing = Duration.ofMillis(5);
    Observer observer = Observer.NONE;
    Optional<ThreadFactory> threadFactory = Optional.empty();
    Optional<String> tenant = Optional.empty();

    private Builder() {}

    /** The JDBC URL; the store then owns a HikariCP pool and closes it with the store. */
    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      return this;
    }

    /** The user for {@link #jdbcUrl}. */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username");
      return this;
    }

    /** The password for {@link #jdbcUrl}. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * A data source the caller owns (and closes) instead of a URL. It must allow autocommit and
     * hand out at least 3 connections (one stays in LISTEN).
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** The schema holding the store's tables: {@code [a-z_][a-z0-9_]*}, at most 63 bytes. */
    public Builder schema(String schema) {
      this.schema = SchemaNames.validate(schema);
      return this;
    }

    /**
     * Makes this the store of one tenant among many sharing the schema: it reads and writes only
     * that tenant's streams, projections, snapshots and subject keys, under the same stream ids
     * and names other tenants use for theirs. The database enforces it: the store must connect as
     * a login role {@linkplain PostgresEventStore#registerTenant registered} for this tenant, which
     * row-level security confines to the tenant's rows; {@link #build()} checks that it does.
     *
     * @param tenant 1 to 63 characters of {@code a-z}, {@code 0-9} and {@code _}
     * @throws IllegalArgumentException if {@code tenant} breaks that rule
     */
    public Builder tenant(String tenant) {
      this.tenant = Optional.of(SchemaNames.validateTenant(tenant));
      return this;
    }

    /** The event classes the store writes and reads (required). */
    public Builder eventTypes(EventTypes eventTypes) {
      this.eventTypes = Objects.requireNonNull(eventTypes, "eventTypes");
      return this;
    }

    /**
     * The Jackson 3 mapper for payloads, with the application's configuration: short for {@code
     * codec(JacksonCodec.json(objectMapper))}.
     */
    public Builder objectMapper(JsonMapper objectMapper) {
      return codec(Codecs.json(objectMapper));
    }

    /**
     * The codec new events are written with (default {@code JacksonCodec.json()}), and codecs this
     * store only reads with: each event is read with the codec that wrote it (JSON and CBOR are
     * always read), so a store can change codec without rewriting its history.
     */
    public Builder codec(EventCodec codec, EventCodec... alsoReading) {
      this.codec = Codecs.check(codec);
      this.readCodecs = Codecs.checkAll(alsoReading);
      return this;
    }

    /** Whether {@link #build()} applies the shipped migrations (default true); else see {@link PostgresEventStore#schemaSql}. */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /** The size of the owned pool (default 10, at least 3); only with {@link #jdbcUrl}. */
    public Builder maxPoolSize(int maxPoolSize) {
      this.maxPoolSize = Bootstrap.checkPoolSize(maxPoolSize);
      return this;
    }

    /** Size limits; at most 1,048,575 events per append (the positions' ordinal range). */
    public Builder limits(StoreLimits limits) {
      this.limits = Positions.checkLimits(limits);
      return this;
    }

    /**
     * Whether concurrent appends share one round trip and commit (default true). Each append is
     * still checked and failed on its own. A lone caller writes its own append (no hand-off to
     * another thread), so it costs next to nothing at one thread.
     */
    public Builder groupCommit(boolean groupCommit) {
      this.groupCommit = groupCommit;
      return this;
    }

    /** How long the global log may be held back before a WARN names the blocker (default 10 s). */
    public Builder stallWarningAfter(Duration stallWarningAfter) {
      this.stallWarningAfter = HorizonProbe.checkThreshold(stallWarningAfter);
      return this;
    }

    /**
     * How long a caught-up subscription waits for a wake-up before it reads again anyway (default
     * 500 ms): the fallback when a NOTIFY from another process is missed. Commits of this store
     * wake its subscriptions at once, whatever this is.
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = TailerSettings.checkPollInterval(pollInterval);
      return this;
    }

    /**
     * The least time between two reads of new events by the store's log tailer, which feeds every
     * subscription of this store: 0 to 1 s (default 5 ms). Under a steady stream of appends each
     * read then takes what the interval gathered, one statement for many appends instead of one
     * per append, for at most this much more delivery latency. Zero reads as soon as woken.
     */
    public Builder logReadCoalescing(Duration interval) {
      this.logReadCoalescing = TailerSettings.checkLogReadCoalescing(interval);
      return this;
    }

    /** Who hears appends, reads, subscriptions, the horizon and the pool (default none). */
    public Builder observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Makes the store's threads: subscriptions and the log tailer, and the NOTIFY, LISTEN and
     * horizon-watchdog threads (default: named daemon threads). On Java 21+, {@code
     * Thread.ofVirtual().factory()} works.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Optional.of(Objects.requireNonNull(threadFactory, "threadFactory"));
      return this;
    }

    /**
     * Connects, checks the server (PostgreSQL 14+), installs or checks the schema, runs the restore
     * guard and starts the store.
     *
     * <p>The pool it created is closed again when anything fails.
     *
     * @throws IllegalStateException if the configuration is incomplete, the server unsuitable or
     *     unreachable through {@link #jdbcUrl}, or the schema cannot be installed or checked (for
     *     example, it already holds an {@code events} table that eventcore did not create); the
     *     message names the schema and what is in the way, the cause is the underlying failure
     * @throws dev.eventcore.TransientStoreException if the connection to a {@link #dataSource}'s
     *     database is lost while starting: the same build may succeed later
     */
    public PostgresEventStore build() {
      Bootstrap.requireComplete(eventTypes != null, jdbcUrl, dataSource, username, password);
      Codecs codecs = Codecs.of(Objects.requireNonNull(eventTypes, "eventTypes").withStoreTypes(),
          codec, readCodecs, limits.maxEventBytes());
      OwnedPool pool = jdbcUrl == null
          ? null
          : Bootstrap.ownedPool(jdbcUrl, username, password, maxPoolSize, schema);
      SchemaNames names = new SchemaNames(schema, tenant);
      return Bootstrap.open(pool, dataSource, names, migrate,
          source -> DefaultPostgresEventStore.start(this, names, codecs, source, pool));
    }
  }
}
