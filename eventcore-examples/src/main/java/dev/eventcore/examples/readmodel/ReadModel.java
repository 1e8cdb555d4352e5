package dev.eventcore.examples.readmodel;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.Projection;

/**
 * The base of the in-memory read models: a {@link Projection} that applies each event once. The
 * runner delivers events in global order, and again after a restart from an older checkpoint; an
 * event at or before the last position applied is skipped, so a redelivery changes nothing.
 * Thread-safe: applying and querying synchronize on the read model.
 */
abstract class ReadModel implements Projection {
  private final String name;
  private final EventFilter filter;
  private GlobalPosition applied = GlobalPosition.START;

  ReadModel(String name, EventFilter filter) {
    this.name = name;
    this.filter = filter;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final EventFilter filter() {
    return filter;
  }

  @Override
  public final synchronized void handle(RecordedEvent<?> event) {
    if (event.position().compareTo(applied) <= 0) {
      return;
    }
    apply(event);
    applied = event.position();
  }

  @Override
  public final synchronized void reset() {
    clear();
    applied = GlobalPosition.START;
  }

  /** The last position applied. */
  public final synchronized GlobalPosition position() {
    return applied;
  }

  /** Applies one new event; called with the lock held. */
  abstract void apply(RecordedEvent<?> event);

  /** Forgets everything, before a rebuild; called with the lock held. */
  abstract void clear();
}
