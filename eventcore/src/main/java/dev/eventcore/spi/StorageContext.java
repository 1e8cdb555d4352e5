package dev.eventcore.spi;

import dev.eventcore.StoreLimits;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventTypes;

/**
 * What the store in core hands the {@link EventStorage} it composes: the settings it checks
 * appends against, who observes the store, and the way to wake its subscriptions.
 *
 * @since 0.1.0
 */
public interface StorageContext {

  /** The registered event types. */
  EventTypes eventTypes();

  /** The limits checked before each write. */
  StoreLimits limits();

  /** The store's observer ({@link Observer#NONE} when nobody listens); failures are contained. */
  Observer observer();

  /**
   * Tells the store's subscriptions that new events may be readable. The store calls it after each
   * of its own appends; an adapter whose commits also happen in other processes calls it when it
   * learns of them (a NOTIFY, a poll). Cheap when nobody waits.
   */
  void signalWakeUp();

  /**
   * Whether the caller is one of the store's subscription threads or its log tailer: an adapter
   * never makes such a reader wait for the store's own commits to become readable (only an
   * appending caller waits to read its own writes).
   */
  boolean onSubscriptionThread();
}
