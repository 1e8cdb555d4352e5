package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.StreamStatus;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.spi.EventStorage;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.StorageContext;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.ObjLongConsumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The storage of {@link PostgresEventStore}: appends through the schema's {@code append_batch}
 * function (with group commit), reads below the transaction-id horizon, wake-ups from other
 * processes, and the horizon probe.
 */
final class PostgresStorage implements EventStorage {
  private final StorageContext context;
  private final AppendPath appends;
  private final EventReader reader;
  private final FilteredReader filtered;
  private final CrossProcessWakeUps crossProcess;
  private final HorizonProbe horizon;
  private final @Nullable OwnedPool ownedPool;
  private final DataSource dataSource;
  private final SchemaNames names;
  private final PostgresDeletions deletions;

  PostgresStorage(PostgresEventStore.Builder b, SchemaNames names, Codecs codecs,
      DataSource dataSource, @Nullable OwnedPool ownedPool, StorageContext context) {
    this.context = context;
    this.ownedPool = ownedPool;
    this.dataSource = dataSource;
    this.names = names;
    this.reader = new EventReader(dataSource, names, codecs);
    this.filtered = new FilteredReader(names, reader);
    this.crossProcess =
        new CrossProcessWakeUps(
            dataSource, names.channel, context::signalWakeUp, names.schema, b.threadFactory);
    this.appends = new AppendPath(new AppendWriter(dataSource, names, codecs,
        b.limits.maxAppendBytes(), context.observer()), b.groupCommit, reader, crossProcess);
    this.deletions = new PostgresDeletions(dataSource, names, appends);
    this.horizon =
        new HorizonProbe(dataSource, names, b.stallWarningAfter, context.observer(), ownedPool,
            b.threadFactory);
  }

  /** Starts listening for other processes' commits and probing the horizon. */
  void start() {
    crossProcess.start();
    horizon.start();
  }

  EventReader reader() {
    return reader;
  }

  HorizonProbe horizon() {
    return horizon;
  }

  @Override
  public AppendResult append(PreparedAppend append) {
    return appends.append(append);
  }

  /** Appends after a boundary check (see {@link AppendPath#appendGuarded}). */
  AppendResult appendGuarded(PreparedAppend append, FunctionAppend.Prefix check,
      LongFunction<RuntimeException> conflict) {
    return appends.appendGuarded(append, check, conflict);
  }

  /** Appends inside the caller's transaction on {@code connection} (see {@link AppendPath#appendIn}). */
  AppendResult appendIn(Connection connection, PreparedAppend append) {
    return appends.appendIn(connection, append);
  }

  @Override
  public AppendResult delete(PreparedAppend tombstone, Deletion deletion) {
    return deletions.delete(tombstone, deletion);
  }

  @Override
  public AppendResult restart(PreparedAppend append) {
    return deletions.restart(append);
  }

  @Override
  public long truncate(StreamId stream, long keepFrom) {
    return deletions.truncate(stream, keepFrom);
  }

  @Override
  public long archive(StreamId stream, long before) {
    return deletions.archive(stream, before);
  }

  @Override
  public StreamStatus status(StreamId stream) {
    return deletions.status(stream);
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream, long from, int maxCount) {
    return reader.streams().read(stream, from, maxCount);
  }

  @Override
  public void readStream(StreamId stream, long from, Consumer<List<RecordedEvent<?>>> chunks) {
    reader.streams().read(stream, from, Long.MAX_VALUE, chunks);
  }

  @Override
  public long readPayloads(StreamId stream, long from, ObjLongConsumer<Object> action) {
    return reader.payloads().read(stream, from, action);
  }

  @Override
  public Optional<List<RecordedEvent<?>>> readStreamBackwards(
      StreamId stream, long from, int maxCount) {
    return Optional.of(reader.queries().backwards(stream, from, maxCount));
  }

  @Override
  public Optional<GlobalPosition> positionAt(Instant instant) {
    return Optional.of(reader.queries().positionAt(instant));
  }

  @Override
  public Optional<List<RecordedEvent<?>>> readCorrelated(
      String correlationId, GlobalPosition after, int maxCount) {
    return Optional.of(reader.queries().correlated(correlationId, after, maxCount));
  }

  @Override
  public Version currentVersion(StreamId stream) {
    return reader.streams().currentVersion(stream);
  }

  @Override
  public List<StreamInfo> streams(StreamQuery query) {
    return StreamListing.list(dataSource, names, query);
  }

  @Override
  public List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount) {
    horizon.reading();
    return reader.readAll(after, maxCount, !context.onSubscriptionThread());
  }

  /** This store's commits after {@code position} may still be behind the horizon. */
  @Override
  public boolean ownCommitsPendingAfter(GlobalPosition position) {
    return reader.appended() > position.value();
  }

  /** The filter runs in the database; the scanned bound comes from the same statement. */
  @Override
  public LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter) {
    if (filter.matchesAll()) {
      return LogPage.filter(readAll(after, maxCount), after, filter);
    }
    horizon.reading();
    return filtered.readAll(after, maxCount, filter, !context.onSubscriptionThread());
  }

  /** The stored JSON text, read again by position (only ever for an event an upcaster failed on). */
  @Override
  public UndecodableEvent undecodable(RecordedEvent<?> stored, int revision, String reason) {
    return reader.storedText(stored.position())
        .map(text -> new UndecodableEvent(stored.type(), revision, text.data(), text.metadata(),
            reason))
        .orElseGet(() -> EventStorage.super.undecodable(stored, revision, reason));
  }

  @Override
  public long countAfter(GlobalPosition after, EventFilter filter) {
    return filtered.countAfter(after, filter);
  }

  /**
   * Refuses a subscription whose start position this database never handed out (a checkpoint from
   * another database, or from before a restore): new events would get lower positions and the
   * subscriber would skip them silently: an {@link IllegalArgumentException} when its transaction
   * id is not assigned yet. {@link #readAll} after such a position is merely empty.
   */
  @Override
  public void checkSubscriptionStart(GlobalPosition after) {
    reader.checkNotAhead(after);
  }

  @Override
  public void close() {
    appends.close();
    crossProcess.close();
    horizon.close();
    if (ownedPool != null) {
      ownedPool.close();
    }
  }
}
