package dev.eventcore.observe;

import dev.eventcore.Metadata;
import java.util.List;
import java.util.Objects;

/**
 * Hears what eventcore does: appends and reads, subscriptions, projections, commands, sagas and,
 * on PostgreSQL, the log's horizon and the connection pool. Bind it to metrics ({@code
 * eventcore-micrometer}), traces or logs; set it on the builders of the parts you want to see:
 *
 * <pre>{@code
 * Observer observer = new MicrometerObserver(registry);
 * EventStore store = PostgresEventStore.builder().jdbcUrl(url).observer(observer).build();
 * ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).observer(observer).build();
 * }</pre>
 *
 * <p>Every method does nothing by default: implement those you need. Calls come on the threads
 * doing the work (an appending caller, a subscription's thread), synchronously, so an
 * implementation must be thread-safe and quick, and should not block. Arguments are primitives,
 * enum constants and names the caller holds anyway: with {@link #NONE} (the default everywhere)
 * nothing is timed and nothing allocated. An exception thrown by an observer is logged and
 * otherwise ignored: it never fails the work it observed.
 *
 * <p>Two methods wrap the work instead of hearing of it afterwards, for tracing ({@code
 * eventcore-opentelemetry}): {@link #start} opens a {@link Scope} around a unit of work on the
 * thread doing it, and {@link #appendMetadata} adds entries, such as the current trace context, to
 * the metadata of every event appended, so that a handler reading an event later can continue
 * the work that wrote it.
 *
 * <p>Lag gauges are not pushed here: a projection's lag costs a count, so it is read when asked,
 * from {@code ProjectionRunner.status(name)} (the Micrometer binding does so per scrape).
 *
 * @since 0.1.0
 */
public interface Observer {
  /** The observer that hears nothing; the default of every builder. */
  Observer NONE = new Observer() {
    @Override
    public String toString() {
      return "Observer.NONE";
    }
  };

  /**
   * All of {@code observers}, in order; {@link #NONE} for none. Each is guarded on its own: one
   * that throws does not keep the others from hearing.
   */
  static Observer of(Observer... observers) {
    Objects.requireNonNull(observers, "observers");
    List<Observer> all = List.of(observers); // rejects null elements
    return Observers.combine(all);
  }

  // ---- the store ----

  /**
   * An append ended.
   *
   * @param outcome how it ended
   * @param streams the streams it wrote or checked
   * @param events the events it carried
   * @param nanos how long it took, validation excluded
   */
  default void appended(AppendOutcome outcome, int streams, int events, long nanos) {}

  /**
   * An adapter encoded events for writing (PostgreSQL: JSON text).
   *
   * @param events how many
   * @param bytes their encoded payloads and metadata, in bytes
   */
  default void encoded(int events, long bytes) {}

  /**
   * A read returned.
   *
   * @param kind a stream or the log
   * @param events the events it returned
   * @param nanos how long it took
   */
  default void read(ReadKind kind, int events, long nanos) {}

  // ---- subscriptions (a projection's subscription is named after the projection) ----

  /** A subscription handed {@code events} events to its handler, {@code backlog} still waiting. */
  default void delivered(String subscription, int events, long backlog) {}

  /** A subscription reached the end of the log (its handler heard {@code caughtUp()}). */
  default void caughtUp(String subscription) {}

  /** A subscription stopped for good on {@code cause}. */
  default void subscriptionFailed(String subscription, Throwable cause) {}

  // ---- projections ----

  /**
   * A projection made its work durable: a checkpoint (and, for a transactional projection, its
   * writes) committed.
   *
   * @param events the events the commit covered
   * @param nanos how long the commit took
   */
  default void projectionCommitted(String projection, int events, long nanos) {}

  /** A projection gave up on an event and recorded it as a dead letter. */
  default void deadLettered(String projection) {}

  /**
   * A projection met a stored event that cannot be decoded (a poison event): it is dead-lettered
   * with its raw envelope or stops the projection, by the error policy.
   */
  default void undecodable(String projection) {}

  /** This process gained ({@code held}) or lost the lease of a projection. */
  default void leaseChanged(String projection, boolean held) {}

  /** A rebuild progressed: {@code processed} of {@code total} events (total 0: unknown). */
  default void rebuildProgress(String projection, long processed, long total) {}

  // ---- commands ----

  /**
   * A command ended.
   *
   * @param command the command's class simple name
   * @param outcome how it ended
   * @param attempts the attempts it took (conflicts retried), at least 1
   * @param nanos how long it took, reads, decisions, appends and backoffs included
   */
  default void commandHandled(String command, CommandOutcome outcome, int attempts, long nanos) {}

  // ---- sagas ----

  /** A saga took a step: reacted to an event, a timeout or a rejection, and recorded it. */
  default void sagaStep(String saga) {}

  /** A saga's command was carried out ({@code rejected}: the target refused it). */
  default void sagaDispatched(String saga, boolean rejected) {}

  /** A saga's timeout fired. */
  default void sagaTimeoutFired(String saga) {}

  /** A saga reacted to a refused command: the step that compensates. */
  default void sagaCompensated(String saga) {}

  // ---- PostgreSQL ----

  /**
   * How long the log's horizon has been held back by an open transaction; 0 when it is not.
   * Reported periodically while subscriptions run.
   */
  default void horizonStall(long nanos) {}

  /** The store's own connection pool: connections in use, idle, and callers waiting for one. */
  default void poolUse(int active, int idle, int waiting) {}

  // ---- around the work (tracing) ----

  /**
   * A unit of work starts on this thread. The caller runs it, calls {@link Scope#failed} if it
   * throws, and closes the scope when it ends, on this thread; scopes started inside it are
   * closed first. A scope is the place to make a trace span current around the work.
   *
   * <p>Called only where an observer is set: with {@link #NONE} the work is not wrapped at all.
   *
   * @param kind what the work is; {@link WorkKind} says what {@code name} and {@code cause} are
   * @param name what it works on: a command, a projection, a saga (may be empty)
   * @param cause the metadata of what triggered it, typically the event handled, carrying the
   *     entries {@link #appendMetadata} added when that event was appended; empty if none
   * @return the scope to close when the work ends; {@link Scope#NONE} (the default) to ignore it
   */
  default Scope start(WorkKind kind, String name, Metadata cause) {
    return Scope.NONE;
  }

  /**
   * Entries to add to the metadata of every event of an append made now, on this thread: the
   * current trace context, for instance. Asked once per append, before the append is validated,
   * so the entries are stored with the events and count toward {@code StoreLimits} like the
   * event's own ({@code maxEventBytes} for its metadata, {@code maxAppendBytes}). On equal keys
   * they replace the event's own entries. Keys starting with {@code eventcore.} are reserved: an
   * answer with one is ignored (and logged).
   *
   * @return the entries; empty (the default) for none
   */
  default Metadata appendMetadata() {
    return Metadata.empty();
  }

  /**
   * A unit of work an observer watches, from {@link #start} to {@link #close()}. Not shared
   * between threads.
   */
  interface Scope extends AutoCloseable {
    /** The scope that does nothing. */
    Scope NONE = new Scope() {
      @Override
      public void close() {}

      @Override
      public String toString() {
        return "Scope.NONE";
      }
    };

    /** The work failed with {@code error}, which the caller rethrows; then the scope is closed. */
    default void failed(Throwable error) {}

    /** The work ended (successfully unless {@link #failed} was called). */
    @Override
    void close();
  }
}
