package dev.eventcore.spi;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.Metadata;
import dev.eventcore.StreamAppend;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.observe.AppendOutcome;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ReadKind;
import dev.eventcore.observe.WorkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Times a store call and tells the observer how it ended, and adds the observer's entries to the
 * metadata of appended events; only used when one is set. The reads a reported call makes through
 * the store on its own thread (an in-memory boundary append's check, a boundary read's pages) are
 * part of it: they are not reported apart.
 */
final class StoreObservations {
  /** How many reported calls the thread is inside. */
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private StoreObservations() {}

  /**
   * {@code appends} with the observer's {@link Observer#appendMetadata} added to every event's
   * metadata (the observer's entries winning); as they were if it adds none. Invalid input is
   * passed on as it is, for the validation to reject.
   */
  @SuppressWarnings("ReferenceEquality") // events often share one metadata instance: by identity
  static List<StreamAppend> enrich(Observer observer, List<StreamAppend> appends) {
    Metadata extra = observer.appendMetadata();
    if (extra.isEmpty() || appends == null) {
      return appends;
    }
    List<StreamAppend> enriched = new ArrayList<>(appends.size());
    Metadata own = Metadata.empty();
    Metadata added = extra; // what own.with(extra) is for the empty metadata
    for (StreamAppend append : appends) {
      if (append == null || append.events().isEmpty()) {
        enriched.add(append);
        continue;
      }
      List<EventData<?>> events = new ArrayList<>(append.events().size());
      for (EventData<?> event : append.events()) {
        if (event.metadata() != own) { // events often share one instance: keep sharing it
          own = event.metadata();
          added = own.with(extra);
        }
        events.add(event.withMetadata(added));
      }
      enriched.add(new StreamAppend(append.stream(), append.expected(), events));
    }
    return enriched;
  }

  /** Writes {@code append} in the observer's {@link WorkKind#APPEND} scope, timed (if one is set). */
  static AppendResult append(
      Observer observer, PreparedAppend append, Function<PreparedAppend, AppendResult> write) {
    if (observer == Observer.NONE) {
      return write.apply(append);
    }
    Observer.Scope scope = observer.start(
        WorkKind.APPEND, append.streams().get(0).stream().category(), Metadata.empty());
    try {
      return timed(observer, append, write);
    } catch (Throwable e) {
      scope.failed(e);
      throw e;
    } finally {
      scope.close();
    }
  }

  private static AppendResult timed(
      Observer observer, PreparedAppend append, Function<PreparedAppend, AppendResult> write) {
    int[] depth = DEPTH.get();
    depth[0]++;
    long start = System.nanoTime();
    AppendOutcome outcome = AppendOutcome.ERROR;
    try {
      AppendResult result = write.apply(append);
      outcome = AppendOutcome.OK;
      return result;
    } catch (WrongExpectedVersionException | AppendConditionFailedException e) {
      outcome = AppendOutcome.CONFLICT;
      throw e;
    } catch (DuplicateEventIdException e) {
      outcome = AppendOutcome.DUPLICATE;
      throw e;
    } finally {
      depth[0]--;
      observer.appended(outcome, append.streams().size(), append.eventCount(),
          System.nanoTime() - start);
    }
  }

  /**
   * Runs {@code read}, timed and reported when an observer is set, unless it is part of a reported
   * call on this thread.
   */
  static <T> T read(Observer observer, ReadKind kind, Supplier<T> read, ToIntFunction<T> events) {
    if (observer == Observer.NONE) {
      return read.get();
    }
    int[] depth = DEPTH.get();
    if (depth[0] > 0) {
      return read.get();
    }
    depth[0]++;
    long start = System.nanoTime();
    T result;
    try {
      result = read.get();
    } finally {
      depth[0]--;
    }
    observer.read(kind, events.applyAsInt(result), System.nanoTime() - start);
    return result;
  }
}
