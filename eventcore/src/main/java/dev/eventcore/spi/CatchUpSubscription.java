package dev.eventcore.spi;

import dev.eventcore.EventFilter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: a thread that catches up with reads of its own (filter pushed down), then
 * joins the store's {@link LogTailer} and handles what it hands over, filtered in memory. At the
 * hand-over it reads up to the tailer's position itself when behind, and drops what it already
 * handled when ahead, so nothing is skipped or repeated. When its inbox overflows, or a batch
 * holds an undecodable event it must stop at, it drains the inbox and reads by itself again.
 * Delivery is in position order and exactly once; a handler exception stops it. The events of a
 * split stored event share its position: the position moves past it only after the last of them
 * was handled, so a restart delivers all of them again, never half.
 */
final class CatchUpSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(CatchUpSubscription.class);
  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** The subscription's own reads, and its view of the tailer's batches. */
  interface Reads {
    /** A filtered page of the log strictly after {@code after}. */
    LogPage read(GlobalPosition after, int maxCount);

    /** A batch of the tailer, filtered and upcast as {@link #read} would have. */
    LogPage view(TailBatch batch);
  }

  private final String name;
  private final EventFilter filter;
  private final Reads reads;
  private final LogTailer tailer;
  private final WakeUpSignal wakeUps;
  private final EventHandler handler;
  private final int pageSize;
  private final int bufferSize;
  private final Consumer<CatchUpSubscription> onStop;
  private final Thread thread;
  private final WakeUpSignal progress = new WakeUpSignal();

  private volatile GlobalPosition position;
  private volatile boolean closed;
  private volatile SubscriberInbox inbox;
  /** Events were handled since the handler last heard it caught up (true: the catch-up is due). */
  private boolean handledSinceCaughtUp = true;
  private long backoff = MIN_BACKOFF_NANOS;
  private volatile boolean running = true;
  private volatile SubscriptionFailedException failure;

  CatchUpSubscription(String name, EventFilter filter, Reads reads, LogTailer tailer,
      WakeUpSignal wakeUps, GlobalPosition after, EventHandler handler, int pageSize,
      int bufferSize, Consumer<CatchUpSubscription> onStop) {
    this.name = name;
    this.filter = filter;
    this.reads = reads;
    this.tailer = tailer;
    this.wakeUps = wakeUps;
    this.position = after;
    this.handler = handler;
    this.pageSize = pageSize;
    this.bufferSize = bufferSize;
    this.onStop = onStop;
    this.thread = SubscriptionEngine.newThread(this::run, "eventcore-" + name);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      while (!closed) {
        catchUp();
        if (!closed) {
          join();
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

  /** Own reads until one returns less than a page: the rest comes from the tailer. */
  private void catchUp() throws InterruptedException {
    while (!closed) {
      LogPage page = read();
      if (page == null) {
        continue;
      }
      if (page.events().isEmpty() && !page.scannedTo().isAfter(position)) {
        caughtUpIfDue();
        return;
      }
      handledSinceCaughtUp |= !page.events().isEmpty();
      deliver(page.events());
      advanceTo(page.scannedTo());
      if (page.events().size() < pageSize) {
        return;
      }
    }
  }

  /** Takes the log from the tailer until closed or detached. */
  private void join() throws InterruptedException {
    SubscriberInbox box = new SubscriberInbox(bufferSize);
    inbox = box;
    try {
      GlobalPosition joinedAt = tailer.attach(box, position);
      if (fillGap(joinedAt)) {
        live(box);
      }
    } finally {
      tailer.detach(box);
      inbox = null;
    }
  }

  /** Own reads up to {@code joinedAt}, where the tailer's batches begin; false if closed. */
  private boolean fillGap(GlobalPosition joinedAt) throws InterruptedException {
    while (!closed && joinedAt.isAfter(position)) {
      long seen = wakeUps.sequence();
      LogPage page = read();
      if (page == null) {
        continue;
      }
      List<RecordedEvent<?>> upTo = new ArrayList<>();
      for (RecordedEvent<?> event : page.events()) {
        if (event.position().isAfter(joinedAt)) {
          break;
        }
        upTo.add(event);
      }
      handledSinceCaughtUp |= !upTo.isEmpty();
      GlobalPosition before = position;
      deliver(upTo);
      advanceTo(page.scannedTo().compareTo(joinedAt) < 0 ? page.scannedTo() : joinedAt);
      if (!position.isAfter(before)) {
        wakeUps.await(seen, MIN_BACKOFF_NANOS); // not readable yet here: look again shortly
      }
    }
    return !closed;
  }

  private void live(SubscriberInbox box) throws InterruptedException {
    while (!closed) {
      TailBatch batch = box.take(() -> closed);
      if (batch == null) {
        return; // closed, or detached: read on by itself
      }
      LogPage view;
      try {
        view = reads.view(batch);
      } catch (UndecodableEventException e) {
        return; // its own read stops there and reports it
      }
      List<RecordedEvent<?>> fresh = new ArrayList<>(view.events().size());
      for (RecordedEvent<?> event : view.events()) {
        if (event.position().isAfter(position)) {
          fresh.add(event); // what it read itself before joining is not handled again
        }
      }
      handledSinceCaughtUp |= !fresh.isEmpty();
      deliver(fresh);
      advanceTo(view.scannedTo());
      if (closed || view.scannedTo().compareTo(batch.to()) < 0) {
        return; // stopped before an undecodable event: its own read reports it
      }
      if (batch.atEnd() && box.isEmpty()) {
        caughtUpIfDue();
      }
    }
  }

  /** An own read; null after a retryable failure (having waited a backoff). */
  private LogPage read() throws InterruptedException {
    long seen = wakeUps.sequence();
    try {
      LogPage page = reads.read(position, pageSize);
      backoff = MIN_BACKOFF_NANOS;
      return page;
    } catch (UndecodableEventException e) {
      throw SubscriptionFailedException.undecodable(name, e);
    } catch (EventStoreException e) {
      if (!e.isRetryable()) {
        throw SubscriptionFailedException.readFailed(name, position, e);
      }
      LOG.warn("{}: reading after position {} failed, retrying in {} ms: {}",
          name, position, TimeUnit.NANOSECONDS.toMillis(backoff), e.toString());
      wakeUps.await(seen, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
      return null;
    }
  }

  private void advanceTo(GlobalPosition scanned) {
    if (!closed && scanned.isAfter(position)) {
      // past the events the filter left out: the position moves on, nothing is skipped
      position = scanned;
      progress.signal();
    }
  }

  private void caughtUpIfDue() {
    if (!handledSinceCaughtUp) {
      return;
    }
    handledSinceCaughtUp = false;
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
        throw SubscriptionFailedException.readFailed(name, position, new IllegalStateException(
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
    SubscriberInbox box = inbox;
    if (box != null) {
      box.wake();
    }
    wakeUps.signal();
    SubscriptionEngine.joinUninterruptibly(thread);
  }

  @Override
  public String toString() {
    return "Subscription[" + name + " on " + filter + " at " + position
        + (running ? "" : ", stopped") + "]";
  }
}
