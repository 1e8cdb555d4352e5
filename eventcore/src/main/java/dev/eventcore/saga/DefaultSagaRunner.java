package dev.eventcore.saga;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.internal.LogProbe;
import dev.eventcore.internal.Threads;
import dev.eventcore.observe.Observer;
import dev.eventcore.projection.Projection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner; see {@link SagaRunner}. Each instance's steps are taken under its own lock ({@link
 * Instances}); its after-commit dispatches run outside it, one at a time per instance; nothing else
 * is locked around a store call or a user callback.
 */
final class DefaultSagaRunner<S, E> implements SagaRunner<S> {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultSagaRunner.class);
  private static final long CLOSE_WAIT_MILLIS = 30_000;

  private final EventStore store;
  private final Saga<S, E> saga;
  private final Duration tickInterval;
  private final int concurrency;
  private final Clock clock;
  private final Optional<ThreadFactory> threads;
  private final SagaStreams<S, E> streams;
  private final Instances<S, E> instances;
  private final InstanceWork<S, E> work;
  private final SagaCounters counters;
  private final Partitions partitions = new Partitions();
  private final Projection projection;
  private final AtomicLong handledUpTo = new AtomicLong(GlobalPosition.START.value());
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final Object lifecycle = new Object();
  private @Nullable ScheduledExecutorService timer; // guarded by lifecycle
  private long closes; // guarded by lifecycle: a start() that recovered across a close() stops

  DefaultSagaRunner(SagaRunner.Builder<S, E> builder) {
    this.store = builder.store;
    this.saga = builder.saga;
    this.clock = builder.clock;
    this.threads = builder.threadFactory;
    this.tickInterval = builder.tickInterval;
    this.concurrency = builder.concurrency;
    this.counters = new SagaCounters(saga.name(), Observer.of(builder.observer));
    this.streams = new SagaStreams<>(store, saga, counters.observer() != Observer.NONE);
    this.instances = new Instances<>(streams);
    this.work = new InstanceWork<>(
        store, saga, builder.dispatcher, clock, streams, instances, counters);
    this.projection = new SagaProjection<>(this, new Delivery<>(this, instances,
        new HeldSteps<>(store, saga, builder.dispatcher, clock, streams), counters), saga);
  }

  /** Moves past an event the saga is done with, so that due timeouts are not held back. */
  void passed(RecordedEvent<?> event) {
    if (event.completesStoredEvent()) { // past a split only with its last part
      passedTo(event.position());
    }
  }

  /** How far every event of the saga's filter was handled. */
  GlobalPosition handledUpTo() {
    return GlobalPosition.of(handledUpTo.get());
  }

  /** Every event of the saga's filter up to {@code position} was handled. */
  void passedTo(GlobalPosition position) {
    handledUpTo.accumulateAndGet(position.value(), Math::max);
  }

  @Override
  public Projection projection() {
    return projection;
  }

  @Override
  public void handle(RecordedEvent<?> event) {
    Optional<String> key = associate(event);
    if (key.isPresent()) {
      take(key.get(), event);
    }
    passed(event); // only now: a due timeout must not overtake the step of this answer
  }

  /** The instance {@code event} is for, if any; refuses an undecodable event. */
  Optional<String> associate(RecordedEvent<?> event) {
    if (event.payload() instanceof UndecodableEvent) {
      // a raw event (a subscription delivering undecodable events) cannot be associated or acted
      // on: stop at it, naming its position, rather than skip a step the saga may owe
      @SuppressWarnings("unchecked")
      RecordedEvent<UndecodableEvent> raw = (RecordedEvent<UndecodableEvent>) event;
      throw new UndecodableEventException(raw, null);
    }
    return event.streamId().category().equals(streams.category())
        ? Optional.empty() // a saga never reacts to its own records
        : saga.associationOf(event);
  }

  /** Takes the step of {@code event} on instance {@code key} now, then works off its outbox. */
  void take(String key, RecordedEvent<?> event) {
    boolean owes = instances.withAssumingNew(key, slot -> {
      work.take(slot, new Trigger.Event(event));
      return owes(slot.state());
    });
    settleIf(owes, key);
  }

  static boolean owes(InstanceState<?, ?> state) {
    return state.owesDispatch();
  }

  void settleIf(boolean owes, String key) {
    if (owes && partitions.started()) {
      settleInBackground(key);
    } else if (owes) {
      work.settle(key); // here, outside the instance's lock
    }
  }


  /** Dispatches {@code key}'s outbox on its worker; the step that filled it is durable already. */
  @SuppressWarnings("FutureReturnValueIgnored") // whenComplete logs the failure; nothing awaits it
  private void settleInBackground(String key) {
    partitions.submit(key, () -> work.settle(key)).whenComplete((done, e) -> {
      if (e != null) {
        LOG.warn("saga {} {}: dispatching failed; retrying at the next tick", saga.name(), key, e);
      } else {
        counters.background.addAndGet(done);
      }
    });
  }

  @Override
  public int tick() {
    partitions.awaitQueued();
    return tick(true);
  }

  /**
   * Fires due timeouts and retries pending commands on the instances' workers; with {@code wait},
   * waits for that work and reports it, else (the timer) only hands it over, once per instance.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // without wait, whenComplete logs each failure
  private int tick(boolean wait) {
    Instant now = clock.instant();
    List<String> due = instances.dueBy(now); // from an index: a tick costs what is due, not open
    // a due timeout fires only once every event that could answer it was handled
    boolean caughtUp = !due.isEmpty() && !LogProbe.anyAfter(store,
        GlobalPosition.of(handledUpTo.get()), saga.filter());
    SortedSet<String> keys = new TreeSet<>(instances.retrying()); // by key, as open() is
    if (caughtUp) {
      keys.addAll(due);
    }
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (String key : keys) {
      if (!wait && !scheduled.add(key)) {
        continue; // still queued from an earlier tick (a slow dispatch on its worker)
      }
      futures.add(partitions.submit(key, () -> {
        scheduled.remove(key);
        return work(key, now, caughtUp);
      }));
    }
    if (!wait) {
      for (CompletableFuture<Integer> future : futures) {
        future.whenComplete((done, e) -> {
          if (e != null) {
            LOG.warn("saga {}: a tick's work failed; trying again at the next tick", saga.name(), e);
          } else {
            counters.background.addAndGet(done);
          }
        });
      }
      return 0;
    }
    int done = 0;
    RuntimeException first = null;
    for (CompletableFuture<Integer> future : futures) {
      try {
        done += future.join();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
    return done + (int) counters.background.getAndSet(0);
  }

  @Override
  public void recover() {
    new Recovery<>(store, saga, streams).run(instances);
  }

  /**
   * A tick's work on one instance: retries, then due timeouts, each step under the instance's
   * lock and each after-commit dispatch outside it.
   */
  private int work(String key, Instant now, boolean caughtUp) {
    int done = work.settle(key);
    if (caughtUp) {
      List<SagaEvent.TimeoutScheduled> timeouts =
          instances.with(key, slot -> slot.state().pendingTimeouts());
      for (SagaEvent.TimeoutScheduled timeout : timeouts) {
        if (!timeout.due().isAfter(now)
            && instances.with(key, slot -> work.take(slot, new Trigger.Timeout(timeout)))) {
          counters.fired();
          done += 1 + work.settle(key);
        }
      }
    }
    return done;
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // the timer's task runs until close() shuts it
  public void start() {
    long closed;
    synchronized (lifecycle) {
      if (timer != null) {
        return;
      }
      closed = closes;
    }
    recover(); // reads the store, so outside the lock: close() never waits for it
    synchronized (lifecycle) {
      if (timer != null || closes != closed) {
        return; // started by another caller meanwhile, or closed: as if closed after starting
      }
      scheduled.clear(); // work a close() dropped from the queues is handed out again
      partitions.start(concurrency, Threads.factory(threads, "saga-" + saga.name() + "-worker"));
      ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
          Threads.factory(threads, "saga-" + saga.name() + "-timer"));
      long millis = tickInterval.toMillis();
      executor.scheduleWithFixedDelay(this::safeTick, millis, millis, TimeUnit.MILLISECONDS);
      timer = executor;
    }
  }

  private void safeTick() {
    try {
      tick(false);
    } catch (RuntimeException e) {
      LOG.warn("saga {}: tick failed; trying again at the next tick", saga.name(), e);
    }
  }

  @Override
  public SagaInstance<S> instance(String key) {
    return streams.load(key).view();
  }

  @Override
  public List<String> openInstances() {
    return instances.open();
  }

  @Override
  public List<SagaInstance<S>> openInstanceViews() {
    return instances.openViews();
  }

  @Override
  public SagaStats stats() {
    return counters.stats();
  }

  @Override
  public void close() {
    ScheduledExecutorService executor;
    synchronized (lifecycle) {
      executor = timer;
      timer = null;
      closes++;
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    try {
      partitions.close(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (String key : instances.keys()) {
      try {
        instances.with(key, slot -> {
          work.flush(slot);
          return null;
        });
      } catch (RuntimeException e) {
        LOG.warn("saga {} {}: could not write its last markers; a restart redoes their work",
            saga.name(), key, e);
      }
    }
  }
}
