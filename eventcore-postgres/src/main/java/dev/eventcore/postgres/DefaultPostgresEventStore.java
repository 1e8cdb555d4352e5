package dev.eventcore.postgres;

import dev.eventcore.EventStore;
import dev.eventcore.health.HealthThresholds;
import dev.eventcore.spi.ComposedEventStore;
import dev.eventcore.spi.DelegatingEventStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The {@link PostgresEventStore} that {@link PostgresEventStore.Builder#build()} returns. */
final class DefaultPostgresEventStore extends DelegatingEventStore implements PostgresEventStore {
  private static final int PAGE_SIZE = 1000;

  private final PostgresStorage storage;
  private final DataSource dataSource;
  private final SchemaNames names;
  private final Codecs codecs;
  private volatile boolean closed;

  private DefaultPostgresEventStore(EventStore store, PostgresStorage storage,
      SchemaNames names, Codecs codecs, DataSource dataSource) {
    super(store);
    this.storage = storage;
    this.dataSource = dataSource;
    this.names = names;
    this.codecs = codecs;
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
    EventStore store = composed.build(context -> {
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
