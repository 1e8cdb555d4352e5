package dev.eventcore.micrometer;

import dev.eventcore.observe.AppendOutcome;
import dev.eventcore.observe.CommandOutcome;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ReadKind;
import dev.eventcore.projection.ProjectionRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * eventcore's observer as Micrometer meters. Set it on the builders of the parts to measure, and
 * bind the projection runners whose lag you want as gauges:
 *
 * <pre>{@code
 * MicrometerObserver metrics = MicrometerObserver.of(registry);
 * EventStore store = PostgresEventStore.builder()....observer(metrics).build();
 * ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).observer(metrics).build();
 * metrics.bind(runner);
 * }</pre>
 *
 * <p>The meter names and tags are a public contract; the README lists them all. Meters are created
 * on first use and then looked up without allocating (append and read meters are created up
 * front). Thread-safe.
 *
 * @since 0.1.0
 */
public final class MicrometerObserver implements Observer {
  private final MeterRegistry registry;
  private final Map<AppendOutcome, Timer> appends = new EnumMap<>(AppendOutcome.class);
  private final Counter appendedEvents;
  private final Counter encodedBytes;
  private final Map<ReadKind, Timer> reads = new EnumMap<>(ReadKind.class);
  private final Map<ReadKind, Counter> readEvents = new EnumMap<>(ReadKind.class);
  private final Tagged<Counter> delivered;
  private final Tagged<AtomicLong> subscriptionLag;
  private final Tagged<Counter> caughtUp;
  private final Tagged<Counter> subscriptionFailures;
  private final Tagged<Timer> projectionCommits;
  private final Tagged<Counter> projectionEvents;
  private final Tagged<Counter> deadLettersRecorded;
  private final Tagged<Counter> undecodable;
  private final Tagged<AtomicLong> leases;
  private final Tagged<AtomicLong> rebuilt;
  private final Map<CommandOutcome, Tagged<Timer>> commands = new EnumMap<>(CommandOutcome.class);
  private final Tagged<DistributionSummary> attempts;
  private final Tagged<Counter> sagaSteps;
  private final Tagged<Counter> sagaAccepted;
  private final Tagged<Counter> sagaRejected;
  private final Tagged<Counter> sagaTimeouts;
  private final Tagged<Counter> sagaCompensations;
  private final AtomicLong stallNanos = new AtomicLong();
  private final AtomicLong poolActive = new AtomicLong();
  private final AtomicLong poolIdle = new AtomicLong();
  private final AtomicLong poolWaiting = new AtomicLong();
  private final ProjectionGauges projections;

  private MicrometerObserver(MeterRegistry registry) {
    this.registry = registry;
    for (AppendOutcome outcome : AppendOutcome.values()) {
      appends.put(outcome, Timer.builder("eventcore.append")
          .description("Appends, by outcome").tag("outcome", lower(outcome))
          .register(registry));
    }
    appendedEvents = Counter.builder("eventcore.append.events")
        .description("Events appended").register(registry);
    encodedBytes = Counter.builder("eventcore.append.bytes").baseUnit("bytes")
        .description("Encoded payload and metadata bytes appended (PostgreSQL)")
        .register(registry);
    for (ReadKind kind : ReadKind.values()) {
      reads.put(kind, Timer.builder("eventcore.read").description("Reads, by kind")
          .tag("kind", lower(kind)).register(registry));
      readEvents.put(kind, Counter.builder("eventcore.read.events")
          .description("Events read, by kind").tag("kind", lower(kind)).register(registry));
    }
    delivered = counters("eventcore.subscription.delivered", "subscription",
        "Events handed to a subscription's handler");
    subscriptionLag = gauges("eventcore.subscription.lag.events", "subscription",
        "Events read for a subscription and not yet handled; -1 while it catches up alone");
    caughtUp = counters("eventcore.subscription.caughtup", "subscription",
        "Times a subscription reached the end of the log");
    subscriptionFailures = counters("eventcore.subscription.failures", "subscription",
        "Subscriptions stopped by a failure");
    projectionCommits = new Tagged<>(name -> Timer.builder("eventcore.projection.commits")
        .description("Checkpoint (and read model) commits").tag("projection", name)
        .register(registry));
    projectionEvents = counters("eventcore.projection.events", "projection",
        "Events made durable by a projection's commits");
    deadLettersRecorded = counters("eventcore.projection.deadletters.recorded", "projection",
        "Events given up on and recorded as dead letters");
    undecodable = counters("eventcore.projection.undecodable", "projection",
        "Stored events a projection met that cannot be decoded (poison events)");
    leases = gauges("eventcore.projection.lease", "projection",
        "1 while this process holds the projection's lease");
    rebuilt = gauges("eventcore.projection.rebuild.events", "projection",
        "Events replayed by the running or last rebuild");
    for (CommandOutcome outcome : CommandOutcome.values()) {
      commands.put(outcome, new Tagged<>(command -> Timer.builder("eventcore.command")
          .description("Commands, by command and outcome").tag("command", command)
          .tag("outcome", lower(outcome)).register(registry)));
    }
    attempts = new Tagged<>(command -> DistributionSummary.builder("eventcore.command.attempts")
        .description("Attempts per command").tag("command", command).register(registry));
    sagaSteps = counters("eventcore.saga.steps", "saga", "Saga steps taken");
    sagaAccepted = new Tagged<>(saga -> dispatches(saga, "accepted"));
    sagaRejected = new Tagged<>(saga -> dispatches(saga, "rejected"));
    sagaTimeouts = counters("eventcore.saga.timeouts", "saga", "Saga timeouts fired");
    sagaCompensations = counters("eventcore.saga.compensations", "saga",
        "Saga steps reacting to a refused command");
    Gauge.builder("eventcore.horizon.stall.seconds", stallNanos, held -> held.get() / 1e9)
        .description("How long an open transaction has held the global log back (PostgreSQL)")
        .register(registry);
    Gauge.builder("eventcore.pool.active", poolActive, AtomicLong::get)
        .description("Connections in use in the store's own pool").register(registry);
    Gauge.builder("eventcore.pool.idle", poolIdle, AtomicLong::get)
        .description("Idle connections in the store's own pool").register(registry);
    Gauge.builder("eventcore.pool.waiting", poolWaiting, AtomicLong::get)
        .description("Callers waiting for a connection of the store's own pool")
        .register(registry);
    projections = new ProjectionGauges(registry);
  }

  /** An observer recording into {@code registry}. */
  public static MicrometerObserver of(MeterRegistry registry) {
    return new MicrometerObserver(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Registers the lag and dead-letter gauges of every projection {@code runner} has now and
   * registers later (a projection shows up with its first checkpoint commit or lease change). The
   * lag is read from {@link ProjectionRunner#status} when the registry asks, at most once a
   * second per projection.
   */
  public MicrometerObserver bind(ProjectionRunner runner) {
    projections.bind(Objects.requireNonNull(runner, "runner"));
    return this;
  }

  @Override
  public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
    meter(appends, outcome).record(nanos, TimeUnit.NANOSECONDS);
    if (outcome == AppendOutcome.OK) {
      appendedEvents.increment(events);
    }
  }

  /** The meter of {@code key}: the constructor registers one for every constant. */
  private static <K, V> V meter(Map<K, V> meters, K key) {
    V meter = meters.get(key);
    if (meter == null) {
      throw new IllegalStateException("no meter registered for " + key);
    }
    return meter;
  }

  @Override
  public void encoded(int events, long bytes) {
    encodedBytes.increment((double) bytes);
  }

  @Override
  public void read(ReadKind kind, int events, long nanos) {
    meter(reads, kind).record(nanos, TimeUnit.NANOSECONDS);
    meter(readEvents, kind).increment(events);
  }

  @Override
  public void delivered(String subscription, int events, long backlog) {
    delivered.get(subscription).increment(events);
    subscriptionLag.get(subscription).set(backlog);
  }

  @Override
  public void caughtUp(String subscription) {
    caughtUp.get(subscription).increment();
    subscriptionLag.get(subscription).set(0);
  }

  @Override
  public void subscriptionFailed(String subscription, Throwable cause) {
    subscriptionFailures.get(subscription).increment();
  }

  @Override
  public void projectionCommitted(String projection, int events, long nanos) {
    projections.seen(projection);
    projectionCommits.get(projection).record(nanos, TimeUnit.NANOSECONDS);
    projectionEvents.get(projection).increment(events);
  }

  @Override
  public void deadLettered(String projection) {
    projections.seen(projection);
    deadLettersRecorded.get(projection).increment();
  }

  @Override
  public void undecodable(String projection) {
    projections.seen(projection);
    undecodable.get(projection).increment();
  }

  @Override
  public void leaseChanged(String projection, boolean held) {
    projections.seen(projection);
    leases.get(projection).set(held ? 1 : 0);
  }

  @Override
  public void rebuildProgress(String projection, long processed, long total) {
    rebuilt.get(projection).set(processed);
  }

  @Override
  public void commandHandled(String command, CommandOutcome outcome, int attempts, long nanos) {
    meter(commands, outcome).get(command).record(nanos, TimeUnit.NANOSECONDS);
    this.attempts.get(command).record(attempts);
  }

  @Override
  public void sagaStep(String saga) {
    sagaSteps.get(saga).increment();
  }

  @Override
  public void sagaDispatched(String saga, boolean rejected) {
    (rejected ? sagaRejected : sagaAccepted).get(saga).increment();
  }

  @Override
  public void sagaTimeoutFired(String saga) {
    sagaTimeouts.get(saga).increment();
  }

  @Override
  public void sagaCompensated(String saga) {
    sagaCompensations.get(saga).increment();
  }

  @Override
  public void horizonStall(long nanos) {
    stallNanos.set(nanos);
  }

  @Override
  public void poolUse(int active, int idle, int waiting) {
    poolActive.set(active);
    poolIdle.set(idle);
    poolWaiting.set(waiting);
  }

  private Tagged<Counter> counters(String name, String tag, String description) {
    return new Tagged<>(value -> Counter.builder(name).description(description).tag(tag, value)
        .register(registry));
  }

  private Tagged<AtomicLong> gauges(String name, String tag, String description) {
    return new Tagged<>(value -> {
      AtomicLong holder = new AtomicLong();
      Gauge.builder(name, holder, AtomicLong::get).description(description).tag(tag, value)
          .strongReference(true).register(registry);
      return holder;
    });
  }

  private Counter dispatches(String saga, String outcome) {
    return Counter.builder("eventcore.saga.dispatches").description("Saga commands carried out")
        .tag("saga", saga).tag("outcome", outcome).register(registry);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
