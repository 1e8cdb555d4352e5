package dev.eventcore.spi;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStoreException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.internal.HandlerMdc;
import dev.eventcore.internal.WakeUpSignal;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
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

  private final String name;
  private final EventFilter filter;
  private final SubscriptionReads reads;
  private final LogTailer tailer;
  private final WakeUpSignal wakeUps;
  private final EventHandler handler;
  private final int pageSize;
  private final int bufferSize;
  private final Consumer<CatchUpSubscription> onStop;
  private final Thread thread;
  private final SubscriptionProgress progress;
  private final Observer observer;

  private volatile boolean closed;
  private volatile @Nullable SubscriberInbox inbox;
  /** Events were handled since the handler last heard it caught up (true: the catch-up is due). */
  private boolean handledSinceCaughtUp = true;
  private long backoff = MIN_BACKOFF_NANOS;
  private volatile boolean running = true;
  private volatile @Nullable SubscriptionFailedException failure;

  CatchUpSubscription(String name, EventFilter filter, SubscriptionReads reads, LogTailer tailer,
      WakeUpSignal wakeUps, GlobalPosition after, EventHandler handler, int pageSize,
      int bufferSize, Consumer<CatchUpSubscription> onStop, Observer observer) {
    this.name = name;
    this.observer = observer;
    this.filter = filter;
    this.reads = reads;
    this.tailer = tailer;
    this.wakeUps = wakeUps;
    this.progress = new SubscriptionProgress(after);
    this.handler = handler;
    this.pageSize = pageSize;
    this.bufferSize = bufferSize;
    this.onStop = onStop;
    this.thread = reads.newThread(this::run, "eventcore-" + name);
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
      observer.subscriptionFailed(name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = SubscriptionFailedException.readFailed(name, progress.get(), e);
      LOG.error(failure.getMessage(), e);
      observer.subscriptionFailed(name, failure);
    } finally {
      running = false;
      progress.wakeWaiters();
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
      if (page.events().isEmpty() && !page.scannedTo().isAfter(progress.get())) {
        caughtUpIfDue();
        return;
      }
      handledSinceCaughtUp |= !page.events().isEmpty();
      deliver(page.events(), page.events().size() < pageSize ? 0 : -1);
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
      GlobalPosition joinedAt = tailer.attach(box, progress.get());
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
    while (!closed && joinedAt.isAfter(progress.get())) {
      long seen = wakeUps.sequence();
      LogPage page = read();
      if (page == null) {
        continue;
      }
      List<RecordedEvent<?>> upTo = page.events().stream()
          .takeWhile(event -> !event.position().isAfter(joinedAt)).toList();
      handledSinceCaughtUp |= !upTo.isEmpty();
      GlobalPosition before = progress.get();
      deliver(upTo, -1);
      advanceTo(page.scannedTo().compareTo(joinedAt) < 0 ? page.scannedTo() : joinedAt);
      if (!progress.get().isAfter(before)) {
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
      GlobalPosition handled = progress.get(); // what it read itself before joining is not repeated
      List<RecordedEvent<?>> fresh =
          view.events().stream().filter(e -> e.position().isAfter(handled)).toList();
      handledSinceCaughtUp |= !fresh.isEmpty();
      deliver(fresh, observer == Observer.NONE ? 0 : box.queued());
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
  private @Nullable LogPage read() throws InterruptedException {
    long seen = wakeUps.sequence();
    try {
      LogPage page = reads.read(progress.get(), pageSize);
      backoff = MIN_BACKOFF_NANOS;
      return page;
    } catch (UndecodableEventException e) {
      throw SubscriptionFailedException.undecodable(name, e);
    } catch (EventStoreException e) {
      if (!e.isRetryable()) {
        throw SubscriptionFailedException.readFailed(name, progress.get(), e);
      }
      LOG.warn("{}: reading after position {} failed, retrying in {} ms: {}",
          name, progress.get(), TimeUnit.NANOSECONDS.toMillis(backoff), e.toString(), e);
      wakeUps.await(seen, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
      return null;
    }
  }

  private void advanceTo(GlobalPosition scanned) {
    if (!closed && scanned.isAfter(progress.get())) {
      // past the events the filter left out: the position moves on, nothing is skipped
      progress.set(scanned);
    }
  }

  /** Tells the handler it caught up, unless it heard so already or the store has more coming. */
  private void caughtUpIfDue() {
    if (!handledSinceCaughtUp || reads.ownCommitsPendingAfter(progress.get())) {
      return; // this store's own commits are not readable yet: they come first
    }
    handledSinceCaughtUp = false;
    observer.caughtUp(name);
    try {
      handler.caughtUp();
    } catch (Exception | Error e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (!closed) {
        throw SubscriptionFailedException.caughtUpFailed(name, progress.get(), e);
      }
    }
  }

  /** Hands {@code page} to the handler; {@code backlog}: events still waiting, -1 unknown. */
  private void deliver(List<RecordedEvent<?>> page, long backlog) {
    if (page.isEmpty()) {
      return;
    }
    if (observer != Observer.NONE) {
      observer.delivered(name, page.size(), backlog);
    }
    for (RecordedEvent<?> event : page) {
      if (closed) {
        return;
      }
      if (!event.position().isAfter(progress.get())) {
        throw SubscriptionFailedException.readFailed(name, progress.get(),
            new IllegalStateException("the store returned position " + event.position()
                + " after " + progress.get()
                + "; positions must strictly increase. Is the checkpoint ahead of the store?"));
      }
      HandlerMdc.put(event);
      Observer.Scope scope = observer == Observer.NONE
          ? Observer.Scope.NONE : observer.start(WorkKind.HANDLE, name, event.metadata());
      try {
        handler.handle(event);
      } catch (Exception | Error e) {
        scope.failed(e);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (closed) {
          // close() was called while the handler ran: the event stays unhandled, nothing failed
          LOG.debug("{}: closed while handling {}: {}", name, event.describe(), e.toString());
          return;
        }
        throw SubscriptionFailedException.handlerFailed(name, event, e);
      } finally {
        scope.close();
        HandlerMdc.clear();
      }
      if (event.completesStoredEvent()) {
        // the last event read from its stored event: only now may a checkpoint move past it
        progress.set(event.position());
      }
    }
  }

  @Override
  public GlobalPosition position() {
    return progress.get();
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
    return progress.await(target, timeout, this::failure, () -> !running || closed);
  }

  @Override
  public void close() {
    stop();
    SubscriptionEngine.joinUninterruptibly(thread);
  }

  @Override
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative but was " + timeout);
    }
    stop();
    if (thread == Thread.currentThread()) {
      return true;
    }
    try {
      if (!timeout.isZero()) {
        thread.join(Math.max(1, timeout.toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("{}: the handler did not return within {}; interrupting its thread", name, timeout);
      thread.interrupt();
      return false;
    }
    return true;
  }

  private void stop() {
    closed = true;
    SubscriberInbox box = inbox;
    if (box != null) {
      box.wake();
    }
    wakeUps.signal();
  }

  @Override
  public String toString() {
    return "Subscription[" + name + " on " + filter + " at " + progress.get()
        + (running ? "" : ", stopped") + "]";
  }
}
