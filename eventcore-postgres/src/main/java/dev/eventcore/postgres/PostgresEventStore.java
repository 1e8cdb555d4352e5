package dev.eventcore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.AppendResult;
import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.health.HealthThresholds;
import dev.eventcore.health.StoreHealth;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.AbstractEventStore;
import dev.eventcore.spi.PreparedAppend;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 * processes by a debounced NOTIFY, with polling as the fallback. Thread-safe; close it to release the pool (when built from a URL) and its threads.
 */
public final class PostgresEventStore extends AbstractEventStore implements StoreHealth {
  /** The default {@link Builder#pollInterval}. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(500);
  private static final int PAGE_SIZE = 1000;

  private final AppendPath appends;
  private final EventReader reader;
  private final FilteredReader filtered;
  private final CrossProcessWakeUps crossProcess;
  private final HorizonProbe horizon;
  private final @Nullable HikariDataSource ownedPool;
  private final DataSource dataSource;
  private final SchemaNames names;
  private final JsonMapper mapper;

  private PostgresEventStore(Builder b, DataSource dataSource, @Nullable HikariDataSource pool) {
    super(Objects.requireNonNull(b.eventTypes), b.limits, b.pollInterval, PAGE_SIZE, true,
        b.observer);
    SchemaNames names = new SchemaNames(b.schema);
    JsonCodec codec = new JsonCodec(b.objectMapper, eventTypes(), b.limits.maxEventBytes());
    this.ownedPool = pool;
    this.dataSource = dataSource;
    this.names = names;
    this.mapper = b.objectMapper;
    this.reader = new EventReader(dataSource, names, codec);
    this.filtered = new FilteredReader(dataSource, names, reader);
    this.crossProcess =
        new CrossProcessWakeUps(dataSource, names.channel, wakeUps()::signal, names.schema);
    this.appends = new AppendPath(new AppendWriter(dataSource, names, codec,
        b.limits.maxAppendBytes(), observer()), b.groupCommit, reader, crossProcess);
    this.horizon = new HorizonProbe(dataSource, names, b.stallWarningAfter, observer(), ownedPool);
  }

  /** A builder; {@link Builder#eventTypes} and a data source or URL are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The SQL that installs the store's schema, for {@code migrate(false)} users whose DBA runs it
   * (the same scripts the store applies with Flyway, from the jar's {@code
   * dev/eventcore/postgres/schema/} folder, with {@code ${schema}} replaced).
   *
   * @throws IllegalArgumentException if {@code schema} is not a valid schema name
   */
  public static String schemaSql(String schema) {
    return Bootstrap.schemaSql(new SchemaNames(schema));
  }

  /** The current horizon stall: committed events not yet readable, and who holds them back. */
  public HorizonStatus horizonStatus() {
    return horizon.status();
  }

  @Override
  public List<Check> healthChecks(HealthThresholds thresholds) {
    return PostgresHealth.checks(dataSource, horizon, thresholds, this::isClosed);
  }

  /** The store's connections, for the projection-side stores sharing its schema. */
  DataSource dataSource() {
    return dataSource;
  }

  SchemaNames names() {
    return names;
  }

  /** The payload mapper, also used for snapshot states. */
  JsonMapper mapper() {
    return mapper;
  }

  @Override
  protected AppendResult doAppend(PreparedAppend append) {
    return appends.append(append);
  }

  @Override
  protected List<RecordedEvent<?>> doReadStream(StreamId stream, long from, int maxCount) {
    return reader.readStream(stream, from, maxCount);
  }

  @Override
  protected Version doCurrentVersion(StreamId stream) {
    return reader.currentVersion(stream);
  }

  @Override
  protected List<StreamInfo> doStreams(StreamQuery query) {
    return StreamListing.list(dataSource, names, query);
  }

  @Override
  protected List<RecordedEvent<?>> doReadAll(GlobalPosition after, int maxCount) {
    horizon.reading();
    return reader.readAll(after, maxCount, !onSubscriptionThread());
  }

  /** This store's commits after {@code position} may still be behind the horizon. */
  @Override
  protected boolean ownCommitsPendingAfter(GlobalPosition position) {
    return reader.appended() > position.value();
  }

  /** The filter runs in the database; the scanned bound comes from the same statement. */
  @Override
  protected LogPage doReadAll(GlobalPosition after, int maxCount, EventFilter filter) {
    if (filter.matchesAll()) {
      return LogPage.filter(doReadAll(after, maxCount), after, filter);
    }
    horizon.reading();
    return filtered.readAll(after, maxCount, filter, !onSubscriptionThread());
  }

  /** The stored JSON text, read again by position (only ever for an event an upcaster failed on). */
  @Override
  protected UndecodableEvent undecodable(RecordedEvent<?> stored, int revision, String reason) {
    return reader.storedText(stored.position())
        .map(text -> new UndecodableEvent(stored.type(), revision, text.data(), text.metadata(),
            reason))
        .orElseGet(() -> super.undecodable(stored, revision, reason));
  }

  @Override
  protected long doCountAfter(GlobalPosition after, EventFilter filter) {
    return filtered.countAfter(after, filter);
  }

  /**
   * Refuses a subscription whose start position this database never handed out (a checkpoint from
   * another database, or from before a restore): new events would get lower positions and the
   * subscriber would skip them silently: an {@link IllegalArgumentException} when its transaction
   * id is not assigned yet. {@link #readAll} after such a position is merely empty.
   */
  @Override
  protected void checkSubscriptionStart(GlobalPosition after) {
    reader.checkNotAhead(after);
  }

  @Override
  protected void doClose() {
    appends.close();
    crossProcess.close();
    horizon.close();
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  /**
   * Configures a {@link PostgresEventStore}. Not thread-safe; {@link #build()} checks everything and
   * fails fast with a message saying what to fix.
   */
  public static final class Builder {
    private @Nullable String jdbcUrl;
    private @Nullable String username;
    private @Nullable String password;
    private @Nullable DataSource dataSource;
    private String schema = "eventcore";
    private @Nullable EventTypes eventTypes;
    private JsonMapper objectMapper = JsonMapper.builder().build();
    private boolean migrate = true;
    private int maxPoolSize = 10;
    private StoreLimits limits = StoreLimits.defaults();
    private boolean groupCommit = true;
    private Duration stallWarningAfter = Duration.ofSeconds(10);
    private Duration pollInterval = POLL_INTERVAL;
    private Observer observer = Observer.NONE;

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

    /** The event classes the store writes and reads (required). */
    public Builder eventTypes(EventTypes eventTypes) {
      this.eventTypes = Objects.requireNonNull(eventTypes, "eventTypes");
      return this;
    }

    /**
     * The Jackson mapper for payloads, with the application's configuration (records, java.time
     * and Optional work with the default one). Metadata always uses a plain mapper.
     *
     * <p>Every payload is checked on the exact bytes this mapper writes, against the limits it
     * reads with (its {@code StreamReadConstraints}), so that what an append accepts reads back
     * equal. Payloads are written with this mapper's configuration plus three rules that keep
     * values from changing in {@code jsonb}: NaN and the infinities are written as bare tokens
     * (then refused) instead of strings, a {@code null} {@code Optional} property and a {@code
     * BigDecimal} with a negative scale are refused.
     */
    public Builder objectMapper(JsonMapper objectMapper) {
      this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
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
      this.pollInterval = Bootstrap.checkPollInterval(pollInterval);
      return this;
    }

    /** Who hears appends, reads, subscriptions, the horizon and the pool (default none). */
    public Builder observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
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
      HikariDataSource pool = jdbcUrl == null
          ? null
          : Bootstrap.ownedPool(jdbcUrl, username, password, maxPoolSize, schema);
      return Bootstrap.open(pool, dataSource, new SchemaNames(schema), migrate, source -> {
        PostgresEventStore store = new PostgresEventStore(this, source, pool);
        store.crossProcess.start();
        store.horizon.start();
        return store;
      });
    }
  }
}
