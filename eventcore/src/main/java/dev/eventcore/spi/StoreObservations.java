package dev.eventcore.spi;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.observe.AppendOutcome;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ReadKind;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** Times a store call and tells the observer how it ended; only used when one is set. */
final class StoreObservations {
  private StoreObservations() {}

  static AppendResult append(
      Observer observer, PreparedAppend append, Function<PreparedAppend, AppendResult> write) {
    long start = System.nanoTime();
    AppendOutcome outcome = AppendOutcome.ERROR;
    try {
      AppendResult result = write.apply(append);
      outcome = AppendOutcome.OK;
      return result;
    } catch (WrongExpectedVersionException e) {
      outcome = AppendOutcome.CONFLICT;
      throw e;
    } catch (DuplicateEventIdException e) {
      outcome = AppendOutcome.DUPLICATE;
      throw e;
    } finally {
      observer.appended(outcome, append.streams().size(), append.eventCount(),
          System.nanoTime() - start);
    }
  }

  static <T> T read(Observer observer, ReadKind kind, Supplier<T> read, ToIntFunction<T> events) {
    long start = System.nanoTime();
    T result = read.get();
    observer.read(kind, events.applyAsInt(result), System.nanoTime() - start);
    return result;
  }
}
