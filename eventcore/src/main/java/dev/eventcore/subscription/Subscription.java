package dev.eventcore.subscription;

import dev.eventcore.GlobalPosition;
import java.time.Duration;
import java.util.Optional;

/**
 * A running subscription. Thread-safe; close it to stop delivery.
 *
 * <pre>{@code
 * try (Subscription sub = store.subscribe(GlobalPosition.START, event -> view.apply(event))) {
 *   AppendResult r = store.append(...);
 *   sub.awaitPosition(r.lastPosition(), Duration.ofSeconds(1));  // read your own write
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Subscription extends AutoCloseable {

  /** The position of the last event handled, or where the subscription started. */
  GlobalPosition position();

  /** Whether the subscription is still delivering (not closed, not failed). */
  boolean isRunning();

  /**
   * Why the subscription stopped, if a handler threw (or the store failed for good): the cause
   * and the event's stream, version and position.
   */
  Optional<SubscriptionFailedException> failure();

  /**
   * Waits until an event at or after {@code position} has been handled.
   *
   * @return true once handled; false if {@code timeout} passed or the subscription was closed
   * @throws SubscriptionFailedException if the subscription failed before reaching it
   */
  boolean awaitPosition(GlobalPosition position, Duration timeout) throws InterruptedException;

  /**
   * Stops delivery and waits for a running handler call to return. Idempotent; called from the
   * handler itself it stops after that call. A handler call that throws after {@code close()} was
   * called leaves its event unhandled and is not a {@linkplain #failure() failure}: the handler
   * may throw to abandon an event it cannot finish because it is being stopped.
   */
  @Override
  void close();

  /**
   * Stops delivery and waits at most {@code timeout} for a running handler call to return: the
   * way to stop a subscription whose handler may hang (a remote call without a timeout). If the
   * call has not returned by then, the subscription's thread is interrupted and left to end on
   * its own; the event stays unhandled. Idempotent; called from the handler itself it returns
   * true at once and stops after that call.
   *
   * @param timeout how long to wait; zero does not wait
   * @return true if the subscription's thread ended within {@code timeout}
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  boolean close(Duration timeout);
}
