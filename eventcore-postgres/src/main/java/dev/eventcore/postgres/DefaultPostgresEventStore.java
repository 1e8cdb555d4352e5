package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.health.HealthThresholds;
import dev.eventcore.spi.ComposedEventStore;
import dev.eventcore.spi.DelegatingEventStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/** The {@link PostgresEventStore} that {@link PostgresEventStore.Builder#build()} returns. */
final class DefaultPostgresEventStore extends DelegatingEventStore implements PostgresEventStore {
  private static final int PAGE_SIZE = 1000;

  private final ComposedEventStore composed;
  private final PostgresStorage storage;
  private final DataSource dataSource;
  private final SchemaNames names;
  private final Codecs codecs;
  private final PostgresBoundaries boundaries;
  private volatile boolean closed;

  private DefaultPostgresEventStore(ComposedEventStore store, PostgresStorage storage,
      SchemaNames names, Codecs codecs, DataSource dataSource) {
    super(store);
    this.composed = store;
    this.storage = storage;
    this.dataSource = dataSource;
    this.names = names;
    this.codecs = codecs;
    this.boundaries = new PostgresBoundaries(this, names, storage.reader());
  }

  /** The store over {@code dataSource}, its listener and horizon probe started. */
  static DefaultPostgresEventStore start(PostgresEventStore.Builder b, SchemaNames names,
      Codecs codecs, DataSource dataSource, @Nullable OwnedPool ownedPool) {
    AtomicReference<PostgresStorage> storage = new AtomicReference<>();
    ComposedEventStore.Builder composed =
        ComposedEventStore.builder(Objects.requireNonNull(b.eventTypes, "eventTypes"))
        .limits(b.limits)
        .pollInterval(b.pollInterval)
        .logReadCoalescing(b.logReadCoalescing)
        .pageSize(PAGE_SIZE)
        .encodesPayloads(true)
        .observer(b.observer);
    b.threadFactory.ifPresent(composed::threadFactory);
    ComposedEventStore store = composed.build(context -> {
      storage.set(new PostgresStorage(b, names, codecs, dataSource, ownedPool, context));
      return storage.get();
    });
    PostgresStorage made = Objects.requireNonNull(storage.get(), "the storage the store made");
    DefaultPostgresEventStore started =
        new DefaultPostgresEventStore(store, made, names, codecs, dataSource);
    made.start();
    return started;
  }

  /**
   * The parts of {@code store} that the projection-side stores share.
   *
   * @throws IllegalArgumentException if {@code store} was not built by {@link
   *     PostgresEventStore#builder()} (a decorator of one, say)
   */
  static DefaultPostgresEventStore of(PostgresEventStore store) {
    Objects.requireNonNull(store, "store");
    if (store instanceof DefaultPostgresEventStore) {
      return (DefaultPostgresEventStore) store;
    }
    throw new IllegalArgumentException("store must be built by PostgresEventStore.builder(), but"
        + " was a " + store.getClass().getName() + ": pass the built store itself, not a wrapper");
  }

  @Override
  public AppendResult append(Connection transaction, List<StreamAppend> appends) {
    requireTransaction(transaction);
    return composed.append(appends, prepared -> storage.appendIn(transaction, prepared));
  }

  /** Runs a boundary read of stored events on this open store (see ComposedEventStore's). */
  DcbRead readBoundary(DcbQuery query, List<GlobalPosition> afterEachItem,
      Function<DcbQuery, DcbRead> read) {
    return composed.readBoundary(query, afterEachItem, read);
  }

  /** {@code query} as stored, each item's types with the old names upcast to them. */
  DcbQuery storedQuery(DcbQuery query) {
    return composed.storedQuery(query);
  }

  /** Appends {@code events} to {@code stream} after the boundary check {@code check} binds. */
  AppendResult appendGuarded(StreamId stream, List<EventData<?>> events,
      FunctionAppend.Prefix check, LongFunction<RuntimeException> conflict) {
    return composed.appendCommitted(
        List.of(StreamAppend.writing(stream, ExpectedVersion.any(), events)),
        prepared -> storage.appendGuarded(prepared, check, conflict));
  }

  /** Checks that {@code transaction} is an open PostgreSQL connection with auto-commit off. */
  private static void requireTransaction(Connection transaction) {
    Objects.requireNonNull(transaction, "transaction");
    try {
      if (transaction.isClosed()) {
        throw new IllegalArgumentException("transaction is a closed connection: pass the open"
            + " connection of the transaction the events are to join");
      }
      if (!transaction.isWrapperFor(PGConnection.class)) {
        throw new IllegalArgumentException("transaction must be a PostgreSQL (pgjdbc) connection,"
            + " but was a " + transaction.getClass().getName());
      }
      if (transaction.getAutoCommit()) {
        throw new IllegalArgumentException("transaction is in auto-commit mode, so there is no"
            + " transaction to join: call setAutoCommit(false) first (or append without a"
            + " connection and let the store commit)");
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("checking the transaction's connection", e);
    }
  }

  /** Boundaries on this store's log, a tenant's own events on a tenant's store. */
  @Override
  public DcbStore boundaries() {
    return boundaries;
  }

  @Override
  public HorizonStatus horizonStatus() {
    return storage.horizon().status();
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public String schema() {
    return names.schema;
  }

  @Override
  public Optional<String> tenant() {
    return names.tenant;
  }

  @Override
  public void registerTenant(String tenant, String loginRole) {
    Tenancy.register(dataSource, names, tenant, loginRole);
  }

  SchemaNames names() {
    return names;
  }

  /** The payload codecs, also used for snapshot states. */
  Codecs codecs() {
    return codecs;
  }

  @Override
  public List<Check> healthChecks(HealthThresholds thresholds) {
    return PostgresHealth.checks(dataSource, storage.horizon(), thresholds, () -> closed);
  }

  @Override
  public void close() {
    closed = true;
    super.close();
  }

  @Override
  public String toString() {
    return "PostgresEventStore[schema " + names.schema + "]";
  }
}
