package dev.eventcore.projection;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.subscription.EventHandler;
import java.util.Objects;

/**
 * A named read model fed by the events of the store-wide log that pass its {@link #filter()}.
 * The name keys its checkpoint, its lease and its dead letters, so keep it stable across releases.
 *
 * <pre>{@code
 * Projection counter = Projection.of("order-count", EventFilter.categories("order"),
 *     event -> count.incrementAndGet());
 *
 * final class OrderTotals implements Projection {              // with a reset hook for rebuilds
 *   public String name() { return "order-totals"; }
 *   public EventFilter filter() { return EventTypes.of(OrderEvent.class).asFilter(); }
 *   public void handle(RecordedEvent<?> event) { ... }
 *   public void reset() { totals.clear(); }
 * }
 * }</pre>
 *
 * <p>{@link #handle} runs on the runner's thread for this projection, one event at a time, in
 * global order. Throwing hands the event to the runner's {@link ErrorPolicy}: it is retried, then
 * the projection stops at it (or, if chosen, it is dead-lettered). A handler should be idempotent
 * per event or tolerate redelivery of the events after the last saved checkpoint after a crash;
 * exactly-once effects need a store-side projection that commits its checkpoint with its writes.
 *
 * @since 0.1.0
 */
public interface Projection extends EventHandler {

  /** The projection's unique name: 1..200 chars, no control characters, no padding. */
  @Override
  String name();

  /** The events this projection wants; {@link EventFilter#all()} by default. */
  default EventFilter filter() {
    return EventFilter.all();
  }

  /** Handles one event that passed the filter. */
  @Override
  void handle(RecordedEvent<?> event) throws Exception;

  /**
   * Told that the runner passed over {@code event} without handling it: an event that cannot be
   * decoded, dead-lettered with its raw envelope under {@link ErrorPolicy#retryThenDeadLetter}. A
   * projection that tracks how far it got (a saga waiting to be caught up before timeouts fire)
   * counts it as passed. Does nothing by default.
   */
  default void skipped(RecordedEvent<?> event) throws Exception {}

  /**
   * Told, before delivery starts or starts again (after a failure, a pause, a rebuild or a lease
   * taken over), that every event up to {@code position} was handled already: it is the
   * checkpoint delivery resumes from, and the next event delivered comes after it. A projection
   * that tracks how far it got (a saga whose timeouts wait until every earlier event was handled)
   * starts counting from there, even when nothing new is delivered. Does nothing by default.
   */
  default void resumesAfter(GlobalPosition position) {}

  /**
   * How far this projection's work is done for good, given that every event up to {@code handled}
   * was handed to it. A projection that holds handled events back to apply them together (a saga
   * runner writing the steps of several events in one append) answers the position before the
   * first one it holds, and applies what it holds at the latest in {@link #caughtUp()}. The runner
   * never saves a checkpoint, reports a position or ends a wait past it, so a crash loses nothing
   * held: those events come again. {@code handled} by default.
   *
   * @since 0.2.0
   */
  default GlobalPosition settledUpTo(GlobalPosition handled) {
    return handled;
  }

  /**
   * Clears the read model before a rebuild replays every event. Does nothing by default.
   *
   * @throws Exception to abort the rebuild; the projection then fails with this cause
   */
  default void reset() throws Exception {}

  /** A projection of every event. */
  static Projection of(String name, EventHandler handler) {
    return of(name, EventFilter.all(), handler);
  }

  /** A projection of the events that pass {@code filter}. */
  static Projection of(String name, EventFilter filter, EventHandler handler) {
    ProjectionNames.require(name, "name");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(handler, "handler");
    return new Projection() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public EventFilter filter() {
        return filter;
      }

      @Override
      public void handle(RecordedEvent<?> event) throws Exception {
        handler.handle(event);
      }

      @Override
      public void caughtUp() throws Exception {
        handler.caughtUp();
      }

      @Override
      public String toString() {
        return "Projection[" + name + ", " + filter + "]";
      }
    };
  }
}
