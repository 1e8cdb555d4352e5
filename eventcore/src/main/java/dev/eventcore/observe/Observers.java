package dev.eventcore.observe;

import dev.eventcore.Metadata;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One or more observers, each call guarded: an observer that throws is logged (its first failure
 * with the stack trace, later ones at debug level) and the others still hear the call. So are the
 * scopes it starts ({@link GuardedScope}), and the metadata it adds to appends is checked.
 */
final class Observers implements Observer {
  private static final Logger LOG = LoggerFactory.getLogger(Observer.class);

  private final Observer[] all;
  private volatile boolean warned;

  private Observers(Observer[] all) {
    this.all = all;
  }

  /** {@code observers} without {@link #NONE}, guarded; {@link #NONE} if none is left. */
  static Observer combine(List<Observer> observers) {
    List<Observer> flat = new ArrayList<>();
    for (Observer observer : observers) {
      if (observer instanceof Observers) {
        flat.addAll(List.of(((Observers) observer).all));
      } else if (observer != NONE) {
        flat.add(observer);
      }
    }
    return flat.isEmpty() ? NONE : new Observers(flat.toArray(new Observer[0]));
  }

  void failed(Observer observer, String method, RuntimeException e) {
    if (!warned) {
      warned = true;
      LOG.warn("observer {} failed in {}; ignored (later failures are logged at debug level)",
          observer, method, e);
    } else {
      LOG.debug("observer {} failed in {}: {}", observer, method, e.toString());
    }
  }

  @Override
  public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
    for (Observer observer : all) {
      try {
        observer.appended(outcome, streams, events, nanos);
      } catch (RuntimeException e) {
        failed(observer, "appended", e);
      }
    }
  }

  @Override
  public void encoded(int events, long bytes) {
    for (Observer observer : all) {
      try {
        observer.encoded(events, bytes);
      } catch (RuntimeException e) {
        failed(observer, "encoded", e);
      }
    }
  }

  @Override
  public void read(ReadKind kind, int events, long nanos) {
    for (Observer observer : all) {
      try {
        observer.read(kind, events, nanos);
      } catch (RuntimeException e) {
        failed(observer, "read", e);
      }
    }
  }

  @Override
  public void delivered(String subscription, int events, long backlog) {
    for (Observer observer : all) {
      try {
        observer.delivered(subscription, events, backlog);
      } catch (RuntimeException e) {
        failed(observer, "delivered", e);
      }
    }
  }

  @Override
  public void caughtUp(String subscription) {
    for (Observer observer : all) {
      try {
        observer.caughtUp(subscription);
      } catch (RuntimeException e) {
        failed(observer, "caughtUp", e);
      }
    }
  }

  @Override
  public void subscriptionFailed(String subscription, Throwable cause) {
    for (Observer observer : all) {
      try {
        observer.subscriptionFailed(subscription, cause);
      } catch (RuntimeException e) {
        failed(observer, "subscriptionFailed", e);
      }
    }
  }

  @Override
  public void projectionCommitted(String projection, int events, long nanos) {
    for (Observer observer : all) {
      try {
        observer.projectionCommitted(projection, events, nanos);
      } catch (RuntimeException e) {
        failed(observer, "projectionCommitted", e);
      }
    }
  }

  @Override
  public void deadLettered(String projection) {
    for (Observer observer : all) {
      try {
        observer.deadLettered(projection);
      } catch (RuntimeException e) {
        failed(observer, "deadLettered", e);
      }
    }
  }

  @Override
  public void undecodable(String projection) {
    for (Observer observer : all) {
      try {
        observer.undecodable(projection);
      } catch (RuntimeException e) {
        failed(observer, "undecodable", e);
      }
    }
  }

  @Override
  public void leaseChanged(String projection, boolean held) {
    for (Observer observer : all) {
      try {
        observer.leaseChanged(projection, held);
      } catch (RuntimeException e) {
        failed(observer, "leaseChanged", e);
      }
    }
  }

  @Override
  public void rebuildProgress(String projection, long processed, long total) {
    for (Observer observer : all) {
      try {
        observer.rebuildProgress(projection, processed, total);
      } catch (RuntimeException e) {
        failed(observer, "rebuildProgress", e);
      }
    }
  }

  @Override
  public void commandHandled(String command, CommandOutcome outcome, int attempts, long nanos) {
    for (Observer observer : all) {
      try {
        observer.commandHandled(command, outcome, attempts, nanos);
      } catch (RuntimeException e) {
        failed(observer, "commandHandled", e);
      }
    }
  }

  @Override
  public void sagaStep(String saga) {
    for (Observer observer : all) {
      try {
        observer.sagaStep(saga);
      } catch (RuntimeException e) {
        failed(observer, "sagaStep", e);
      }
    }
  }

  @Override
  public void sagaDispatched(String saga, boolean rejected) {
    for (Observer observer : all) {
      try {
        observer.sagaDispatched(saga, rejected);
      } catch (RuntimeException e) {
        failed(observer, "sagaDispatched", e);
      }
    }
  }

  @Override
  public void sagaTimeoutFired(String saga) {
    for (Observer observer : all) {
      try {
        observer.sagaTimeoutFired(saga);
      } catch (RuntimeException e) {
        failed(observer, "sagaTimeoutFired", e);
      }
    }
  }

  @Override
  public void sagaCompensated(String saga) {
    for (Observer observer : all) {
      try {
        observer.sagaCompensated(saga);
      } catch (RuntimeException e) {
        failed(observer, "sagaCompensated", e);
      }
    }
  }

  @Override
  public void horizonStall(long nanos) {
    for (Observer observer : all) {
      try {
        observer.horizonStall(nanos);
      } catch (RuntimeException e) {
        failed(observer, "horizonStall", e);
      }
    }
  }

  @Override
  public void poolUse(int active, int idle, int waiting) {
    for (Observer observer : all) {
      try {
        observer.poolUse(active, idle, waiting);
      } catch (RuntimeException e) {
        failed(observer, "poolUse", e);
      }
    }
  }

  @Override
  public Scope start(WorkKind kind, String name, Metadata cause) {
    if (all.length == 1) {
      return GuardedScope.start(this, all[0], kind, name, cause);
    }
    Scope[] scopes = new Scope[all.length];
    for (int i = 0; i < all.length; i++) {
      scopes[i] = GuardedScope.start(this, all[i], kind, name, cause);
    }
    return GuardedScope.all(scopes);
  }

  @Override
  public Metadata appendMetadata() {
    Metadata merged = Metadata.empty();
    for (Observer observer : all) {
      try {
        merged = merged.with(checked(observer.appendMetadata()));
      } catch (RuntimeException e) {
        failed(observer, "appendMetadata", e);
      }
    }
    return merged;
  }

  private static Metadata checked(Metadata metadata) {
    if (metadata == null) {
      throw new NullPointerException("appendMetadata returned null; return Metadata.empty()");
    }
    for (String key : metadata.entries().keySet()) {
      if (key.startsWith("eventcore.")) {
        throw new IllegalArgumentException("appendMetadata returned the key " + key
            + "; keys starting with eventcore. are reserved");
      }
    }
    return metadata;
  }

  @Override
  public String toString() {
    return "Observer.of" + List.of(all);
  }
}
