package dev.eventcore.spi;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.internal.WakeUpSignal;
import dev.eventcore.observe.Observer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The deletions of a {@link ComposedEventStore} ({@link dev.eventcore.StreamDeletions}): checks
 * the arguments, prepares the tombstone or the restart's events, and has the storage write them;
 * subscribers are woken for what was appended.
 */
final class StreamLifecycle {
  private final EventStorage storage;
  private final AppendPreparer preparer;
  private final Observer observer;
  private final WakeUpSignal wakeUps;
  private final Runnable ensureOpen;

  /** @param ensureOpen throws if the store is closed */
  StreamLifecycle(EventStorage storage, AppendPreparer preparer, Observer observer,
      WakeUpSignal wakeUps, Runnable ensureOpen) {
    this.storage = storage;
    this.preparer = preparer;
    this.observer = observer;
    this.wakeUps = wakeUps;
    this.ensureOpen = ensureOpen;
  }

  /**
   * Runs {@code append}; a version miss on a deleted stream is reported as the deletion it is
   * (an adapter may check versions before it meets the deletion), so a stale writer is told to
   * stop rather than to re-read.
   */
  AppendResult refusingDeleted(Supplier<AppendResult> append) {
    try {
      return append.get();
    } catch (WrongExpectedVersionException e) {
      Optional<Deletion> deletion = storage.status(e.stream()).deletion();
      if (deletion.isPresent()) {
        StreamDeletedException deleted = new StreamDeletedException(e.stream(), deletion.get());
        deleted.addSuppressed(e);
        throw deleted;
      }
      throw e;
    }
  }

  AppendResult delete(StreamId stream, ExpectedVersion expected, Deletion deletion) {
    // the observer's entries (a trace context) as on every append, so a handler of the tombstone
    // continues the deletion's trace
    PreparedAppend tombstone =
        preparer.tombstone(stream, expected, deletion, observer.appendMetadata());
    ensureOpen.run();
    AppendResult result =
        StoreObservations.append(observer, tombstone, t -> storage.delete(t, deletion));
    wakeUps.signal();
    return result;
  }

  AppendResult restart(StreamId stream, List<? extends EventData<?>> events) {
    PreparedAppend append = preparer.prepare(StoreObservations.enrich(
        observer, List.of(StreamAppend.writing(stream, ExpectedVersion.any(), events))));
    ensureOpen.run();
    AppendResult result = StoreObservations.append(observer, append, storage::restart);
    wakeUps.signal();
    return result;
  }

  long truncate(StreamId stream, Version keepFrom) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(keepFrom, "keepFrom");
    if (keepFrom.value() < 2) {
      throw new IllegalArgumentException("keepFrom must be at least 2 (the stream's second"
          + " event): truncating before version " + keepFrom.value() + " would remove nothing");
    }
    ensureOpen.run();
    return storage.truncate(stream, keepFrom.value());
  }

  long archive(StreamId stream, Version before) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(before, "before");
    if (before.value() < 2) {
      throw new IllegalArgumentException("before must be at least 2 (the stream's second event):"
          + " archiving before version " + before.value() + " would move nothing");
    }
    ensureOpen.run();
    return storage.archive(stream, before.value());
  }

  StreamStatus status(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    ensureOpen.run();
    return storage.status(stream);
  }
}
