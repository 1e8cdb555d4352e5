package dev.eventcore.saga;

import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.projection.Projection;
import dev.eventcore.serialization.Upcaster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runner; see {@link SagaRunner}. All work is serialized on {@code this}. */
final class DefaultSagaRunner<S, E> implements SagaRunner<S> {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultSagaRunner.class);
  private static final int MAX_CONFLICTS = 20;
  private static final int MAX_DISPATCHES_PER_DRAIN = 10_000;
  /** Every this many ticks, all open instances are reloaded, not only those with work. */
  private static final int FULL_DRAIN_TICKS = 20;

  private final EventStore store;
  private final Saga<S, E> saga;
  private final CommandDispatcher dispatcher;
  private final Clock clock;
  private final Duration tickInterval;
  private final SagaStreams<S, E> streams;
  private final Projection projection;
  private final Map<String, SagaInstance<S>> open = new TreeMap<>();
  /** Ticks so far; guarded by this. */
  private long ticks;
  private final AtomicLong steps = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong dispatched = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong fired = new AtomicLong();
  private @Nullable ScheduledExecutorService timer;
  private GlobalPosition handledUpTo = GlobalPosition.START;

  DefaultSagaRunner(SagaRunner.Builder<S, E> builder) {
    this.store = builder.store;
    this.saga = builder.saga;
    this.dispatcher = builder.dispatcher;
    this.clock = builder.clock;
    this.tickInterval = builder.tickInterval;
    this.streams = new SagaStreams<>(store, saga);
    this.projection = new SagaProjection();
  }

  /** Delivers events to {@link #handle}; an event dead-lettered undecoded counts as passed. */
  private final class SagaProjection implements Projection {
    @Override
    public String name() {
      return "saga-" + saga.name();
    }

    @Override
    public EventFilter filter() {
      return saga.filter();
    }

    @Override
    public void handle(RecordedEvent<?> event) {
      DefaultSagaRunner.this.handle(event);
    }

    @Override
    public void skipped(RecordedEvent<?> event) {
      passed(event);
    }

    @Override
    public String toString() {
      return "Projection[" + name() + ", " + filter() + "]";
    }
  }

  /** Moves past an event the saga did not act on, so that due timeouts are not held back. */
  private synchronized void passed(RecordedEvent<?> event) {
    if (event.position().isAfter(handledUpTo) && Upcaster.completesStoredEvent(event)) {
      handledUpTo = event.position();
    }
  }

  @Override
  public Projection projection() {
    return projection;
  }

  @Override
  public synchronized void handle(RecordedEvent<?> event) {
    if (event.payload() instanceof UndecodableEvent) {
      // a raw event (a subscription delivering undecodable events) cannot be associated or acted
      // on: stop at it, naming its position, rather than skip a step the saga may owe
      @SuppressWarnings("unchecked")
      RecordedEvent<UndecodableEvent> raw = (RecordedEvent<UndecodableEvent>) event;
      throw new UndecodableEventException(raw, null);
    }
    if (event.position().isAfter(handledUpTo) && Upcaster.completesStoredEvent(event)) {
      handledUpTo = event.position(); // past a split only with its last part
    }
    if (event.streamId().category().equals(streams.category())) {
      return; // a saga never reacts to its own records
    }
    Optional<String> key = saga.associationOf(event);
    if (key.isPresent()) {
      take(key.get(), new Trigger.Event(event));
      drain(key.get());
    }
  }

  @Override
  public int tick() {
    Instant now = clock.instant();
    GlobalPosition counted;
    synchronized (this) {
      counted = anyTimeoutDue(now) ? handledUpTo : null;
    }
    // counted outside the lock, so event handling never waits for the store's count
    boolean caughtUp = counted != null && store.countAfter(counted, saga.filter()) == 0;
    synchronized (this) {
      int work = 0;
      // the instances as last loaded tell which have work (drain and take load them again); every
      // FULL_DRAIN_TICKS ticks all open instances are reloaded, for work another runner recorded
      boolean all = ++ticks % FULL_DRAIN_TICKS == 0;
      for (String key : new ArrayList<>(open.keySet())) {
        SagaInstance<S> last = open.get(key);
        if (last != null && (all || !last.pendingCommands().isEmpty())) {
          work += drain(key);
          last = open.get(key);
        }
        if (!caughtUp || last == null) {
          continue; // a due timeout fires only once every event that could answer it was handled
        }
        for (SagaEvent.TimeoutScheduled timeout : last.pendingTimeouts()) {
          if (!timeout.due().isAfter(now) && take(key, new Trigger.Timeout(timeout))) {
            fired.incrementAndGet();
            work++;
            work += drain(key);
          }
        }
      }
      return work;
    }
  }

  private boolean anyTimeoutDue(Instant now) {
    for (SagaInstance<S> instance : open.values()) {
      for (SagaEvent.TimeoutScheduled timeout : instance.pendingTimeouts()) {
        if (!timeout.due().isAfter(now)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public synchronized void recover() {
    EventFilter filter = EventFilter.categories(streams.category());
    GlobalPosition after = GlobalPosition.START;
    List<StreamId> seen = new ArrayList<>();
    while (true) {
      LogPage page = store.readAll(after, 1_000, filter);
      for (RecordedEvent<?> event : page.events()) {
        if (!seen.contains(event.streamId())) {
          seen.add(event.streamId());
        }
      }
      if (!page.scannedTo().isAfter(after)) {
        break;
      }
      after = page.scannedTo();
    }
    for (StreamId stream : seen) {
      try {
        remember(streams.load(streams.keyOf(stream)));
      } catch (IllegalArgumentException e) {
        // a key stored before today's stream-id rules (an invisible character): the other
        // instances recover; this one cannot be addressed any more, and says so
        LOG.error("saga {}: instance {} is not recovered: its key is no longer a valid stream"
            + " id ({}); copy its events to a stream with a valid key", saga.name(), stream,
            e.getMessage());
      }
    }
    LOG.info("saga {}: recovered {} instances, {} with pending work", saga.name(), seen.size(),
        open.size());
  }

  @Override
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    recover();
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "saga-" + saga.name() + "-timer");
      thread.setDaemon(true);
      return thread;
    });
    long millis = tickInterval.toMillis();
    executor.scheduleWithFixedDelay(this::safeTick, millis, millis, TimeUnit.MILLISECONDS);
    timer = executor;
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("saga {}: tick failed; trying again at the next tick", saga.name(), e);
    }
  }

  @Override
  public synchronized SagaInstance<S> instance(String key) {
    return streams.load(key);
  }

  @Override
  public synchronized List<String> openInstances() {
    return List.copyOf(open.keySet());
  }

  @Override
  public SagaStats stats() {
    return new SagaStats(steps.get(), duplicates.get(), dispatched.get(), rejected.get(),
        failures.get(), fired.get());
  }

  @Override
  public void close() {
    ScheduledExecutorService executor;
    synchronized (this) {
      executor = timer;
      timer = null;
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /** Takes the step for {@code trigger} unless handled already; whether a step was recorded. */
  private boolean take(String key, Trigger trigger) {
    for (int attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      SagaInstance<S> instance = streams.load(key);
      if (instance.completed() || instance.handledTriggers().contains(trigger.id())) {
        duplicates.incrementAndGet();
        remember(instance);
        return false;
      }
      SagaStep<E> step = trigger.apply(saga, instance.state());
      if (step.isEmpty() && instance.version().value() == 0) {
        return false; // nothing starts
      }
      List<EventData<?>> events = streams.stepEvents(instance, trigger, step, clock.instant());
      try {
        store.append(instance.stream(), ExpectedVersion.exactly(instance.version()), events);
        steps.incrementAndGet();
        remember(streams.load(key));
        return true;
      } catch (WrongExpectedVersionException e) {
        LOG.debug("saga {} {}: conflict on attempt {}, deciding again", saga.name(), key, attempt);
      } catch (DuplicateEventIdException e) {
        duplicates.incrementAndGet();
        remember(streams.load(key));
        return false; // another runner recorded this very step
      }
    }
    throw new IllegalStateException("saga " + saga.name() + " instance " + key + ": "
        + MAX_CONFLICTS + " conflicting writers in a row on " + trigger.describe());
  }

  /** Dispatches the instance's pending commands in order; stops at the first failure. */
  private int drain(String key) {
    int done = 0;
    while (done < MAX_DISPATCHES_PER_DRAIN) {
      SagaInstance<S> instance = streams.load(key);
      remember(instance);
      if (instance.pendingCommands().isEmpty()) {
        return done;
      }
      SagaCommand command = instance.pendingCommands().get(0);
      CommandDispatcher.Outcome outcome;
      try {
        outcome = dispatcher.dispatch(command);
      } catch (Exception e) {
        failures.incrementAndGet();
        LOG.warn("saga {} {}: dispatching {} failed; retrying at the next tick: {}", saga.name(),
            key, command.command().getClass().getSimpleName(), e.toString());
        return done;
      }
      String rejection = outcome instanceof CommandDispatcher.Outcome.Rejected
          ? ((CommandDispatcher.Outcome.Rejected) outcome).reason() : "";
      try {
        store.append(instance.stream(), ExpectedVersion.any(),
            List.of(streams.dispatched(command, rejection)));
      } catch (DuplicateEventIdException e) {
        duplicates.incrementAndGet(); // marked already
      }
      done++;
      if (rejection.isEmpty()) {
        dispatched.incrementAndGet();
      } else {
        rejected.incrementAndGet();
        take(key, new Trigger.Rejected(command, rejection));
      }
    }
    return done;
  }

  private void remember(SagaInstance<S> instance) {
    if (instance.hasPendingWork()) {
      open.put(instance.key(), instance);
    } else {
      open.remove(instance.key());
    }
  }
}
