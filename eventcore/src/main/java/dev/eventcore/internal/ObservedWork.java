package dev.eventcore.internal;

import dev.eventcore.Metadata;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;

/**
 * Runs a unit of work inside an observer's {@link Observer.Scope}: started before, told of a
 * failure, closed after. Only called where an observer is set, so that without one the work runs
 * unwrapped and nothing is allocated for it.
 */
public final class ObservedWork {
  private ObservedWork() {}

  /** Work that returns a {@code T} or throws an {@code X}. */
  @FunctionalInterface
  public interface Call<T, X extends Exception> {
    /** Does the work. */
    T call() throws X;
  }

  /** Work that returns nothing or throws an {@code X}. */
  @FunctionalInterface
  public interface Action<X extends Exception> {
    /** Does the work. */
    void run() throws X;
  }

  /** Runs {@code work} in a scope of {@code observer}. */
  public static <X extends Exception> void run(Observer observer, WorkKind kind, String name,
      Metadata cause, Action<X> work) throws X {
    Observer.Scope scope = observer.start(kind, name, cause);
    try {
      work.run();
    } catch (Throwable e) {
      scope.failed(e);
      throw e;
    } finally {
      scope.close();
    }
  }

  /** Runs {@code work} in a scope of {@code observer} and returns its result. */
  public static <T, X extends Exception> T call(Observer observer, WorkKind kind, String name,
      Metadata cause, Call<T, X> work) throws X {
    Observer.Scope scope = observer.start(kind, name, cause);
    try {
      return work.call();
    } catch (Throwable e) {
      scope.failed(e);
      throw e;
    } finally {
      scope.close();
    }
  }
}
