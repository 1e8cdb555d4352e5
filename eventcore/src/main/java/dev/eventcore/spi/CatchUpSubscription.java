package dev.eventcore.spi;

import dev.eventcore.EventStoreException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.serialization.Upcaster;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one subscription engine: a thread that pages through the log and, once caught up, waits on
 * the wake-up signal. Delivery is in position order and exactly once; a handler exception stops it.
 * The events of a split stored event share its position: the position moves past it only after
 * the last of them was handled, so a restart delivers all of them again, never half.
 */
final class CatchUpSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(CatchUpSubscription.class);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** Reads a (possibly filtered) page of the log strictly after a position. */
  interface LogReader {
    LogPage readAll(GlobalPosition after, int maxCount);
  }

  private final String name;
  private final LogReader reader;
  private final WakeUpSignal wakeUps;
  private final EventHandler handler;
  private final int pageSize;
  private final long pollNanos;
  private final Consumer<CatchUpSubscription> onStop;
  private final Thread thread;
  private final WakeUpSignal progress = new WakeUpSignal();

  private volatile GlobalPosition position;
  private volatile boolean closed;
  /** Events were handled since the handler last heard it caught up (true: the catch-up is due). */
  private boolean handledSinceCaughtUp = true;
  private volatile boolean running = true;
  private volatile SubscriptionFailedException failure;

  CatchUpSubscription(
      String name,
      LogReader reader,
      WakeUpSignal wakeUps,
      GlobalPosition after,
      EventHandler handler,
      int pageSize,
      Duration pollInterval,
      Consumer<CatchUpSubscription> onStop) {
    this.name = name;
    this.reader = reader;
    this.wakeUps = wakeUps;
    this.position = after;
    this.handler = handler;
    this.pageSize = pageSize;
    this.pollNanos = pollInterval.toNanos();
    this.onStop = onStop;
    this.thread = new Thread(this::run, "eventcore-" + name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long backoff = TimeUnit.MILLISECONDS.toNanos(50);
    try {
      while (!closed) {
        long seen = wakeUps.sequence();
        LogPage page;
        try {
          page = reader.readAll(position, pageSize);
        } catch (EventStoreException e) {
          if (e instanceof UndecodableEventException) {
            throw SubscriptionFailedException.undecodable(name, (UndecodableEventException) e);
          }
          if (!e.isRetryable()) {
            throw SubscriptionFailedException.readFailed(name, position, e);
          }
          LOG.warn("{}: reading after position {} failed, retrying in {} ms: {}",
              name, position, TimeUnit.NANOSECONDS.toMillis(backoff), e.toString());
          wakeUps.await(seen, backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
          continue;
        }
        backoff = TimeUnit.MILLISECONDS.toNanos(50);
        if (page.events().isEmpty() && !page.scannedTo().isAfter(position)) {
          if (handledSinceCaughtUp) {
            handledSinceCaughtUp = false;
            caughtUp();
          }
          wakeUps.await(seen, pollNanos);
          continue;
        }
        handledSinceCaughtUp |= !page.events().isEmpty();
        deliver(page.events());
        if (!closed && page.scannedTo().isAfter(position)) {
          // past the events the filter left out: the position moves on, nothing is skipped
          position = page.scannedTo();
          progress.signal();
        }
      }
    } catch (SubscriptionFailedException e) {
      failure = e;
      LOG.error(e.getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = SubscriptionFailedException.readFailed(name, position, e);
      LOG.error(failure.getMessage(), e);
    } finally {
      running = false;
      progress.signal();
      onStop.accept(this);
    }
  }

  private void caughtUp() {
    try {
      handler.caughtUp();
    } catch (Exception | Error e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (!closed) {
        throw SubscriptionFailedException.caughtUpFailed(name, position, e);
      }
    }
  }

  private void deliver(List<RecordedEvent<?>> page) {
    for (RecordedEvent<?> event : page) {
      if (closed) {
        return;
      }
      if (!event.position().isAfter(position)) {
        throw SubscriptionFailedException.readFailed(
            name,
            position,
            new IllegalStateException(
                "the store returned position " + event.position() + " after " + position
                    + "; positions must strictly increase. Is the checkpoint ahead of the store?"));
      }
      try {
        handler.handle(event);
      } catch (Exception | Error e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (closed) {
          // close() was called while the handler ran: the event stays unhandled, nothing failed
          LOG.debug("{}: closed while handling {}: {}", name, event.describe(), e.toString());
          return;
        }
        throw SubscriptionFailedException.handlerFailed(name, event, e);
      }
      if (Upcaster.completesStoredEvent(event)) {
        // the last event read from its stored event: only now may a checkpoint move past it
        position = event.position();
        progress.signal();
      }
    }
  }

  @Override
  public GlobalPosition position() {
    return position;
  }

  @Override
  public boolean isRunning() {
    // failure is published before running is cleared: a failed subscription never looks running
    return running && !closed && failure == null;
  }

  @Override
  public Optional<SubscriptionFailedException> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public boolean awaitPosition(GlobalPosition target, Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen = progress.sequence();
      if (position.compareTo(target) >= 0) {
        return true;
      }
      SubscriptionFailedException failed = failure;
      if (failed != null) {
        throw failed;
      }
      if (!running || closed) {
        return false;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      progress.await(seen, remaining);
    }
  }

  @Override
  public void close() {
    closed = true;
    wakeUps.signal();
    if (Thread.currentThread() != thread) {
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "Subscription[" + name + " at " + position + (running ? "" : ", stopped") + "]";
  }
}
