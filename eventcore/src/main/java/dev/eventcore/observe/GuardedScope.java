package dev.eventcore.observe;

import dev.eventcore.Metadata;

/**
 * A scope an observer started, guarded like every observer call: a failure to start gives {@link
 * Observer.Scope#NONE}, and a failure in {@link #failed} or {@link #close()} is logged and
 * ignored.
 */
final class GuardedScope implements Observer.Scope {
  private final Observers owner;
  private final Observer observer;
  private final Observer.Scope scope;

  private GuardedScope(Observers owner, Observer observer, Observer.Scope scope) {
    this.owner = owner;
    this.observer = observer;
    this.scope = scope;
  }

  /** {@code observer}'s scope for the work, guarded; {@link Observer.Scope#NONE} on failure. */
  static Observer.Scope start(
      Observers owner, Observer observer, WorkKind kind, String name, Metadata cause) {
    Observer.Scope scope;
    try {
      scope = observer.start(kind, name, cause);
    } catch (RuntimeException e) {
      owner.failed(observer, "start", e);
      return NONE;
    }
    if (scope == null) {
      owner.failed(observer, "start",
          new NullPointerException("start returned null; return Observer.Scope.NONE"));
      return NONE;
    }
    return scope == NONE ? NONE : new GuardedScope(owner, observer, scope);
  }

  /** The scopes of several observers, started in order: closed in the reverse order. */
  static Observer.Scope all(Observer.Scope[] scopes) {
    return new Observer.Scope() {
      @Override
      public void failed(Throwable error) {
        for (Observer.Scope scope : scopes) {
          scope.failed(error);
        }
      }

      @Override
      public void close() {
        for (int i = scopes.length - 1; i >= 0; i--) {
          scopes[i].close();
        }
      }
    };
  }

  @Override
  public void failed(Throwable error) {
    try {
      scope.failed(error);
    } catch (RuntimeException e) {
      owner.failed(observer, "Scope.failed", e);
    }
  }

  @Override
  public void close() {
    try {
      scope.close();
    } catch (RuntimeException e) {
      owner.failed(observer, "Scope.close", e);
    }
  }

  @Override
  public String toString() {
    return "GuardedScope[" + scope + "]";
  }
}
