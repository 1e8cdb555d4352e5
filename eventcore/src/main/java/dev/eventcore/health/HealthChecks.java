package dev.eventcore.health;

import dev.eventcore.EventStore;
import dev.eventcore.StreamId;
import dev.eventcore.projection.DeadLetterStore;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.saga.SagaRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * The health of an eventcore application in one call: the store (and, on PostgreSQL, the global
 * log's horizon), each projection, each saga, the dead letters, and any checks of your own.
 *
 * <pre>{@code
 * HealthChecks health = HealthChecks.builder()
 *     .store(store)
 *     .projections(runner)
 *     .sagas(fulfillment)
 *     .deadLetters(deadLetters, List.of("order-totals"))
 *     .thresholds(HealthThresholds.defaults().withProjectionLag(10_000, Duration.ofMinutes(1)))
 *     .build();
 * Health report = health.check();      // UP, DEGRADED or DOWN, with the parts and why
 * System.out.println(report.toText());
 * }</pre>
 *
 * <p>The report's root, {@code "eventcore"}, has one part per component in that order: {@code
 * store} (and {@code horizon}), {@code projections}, {@code sagas}, {@code dead-letters}, then
 * your checks; each group has one part per projection or saga. {@link #check()} never throws for a
 * failing component (it is DOWN with the exception as its reason) and returns within about {@link
 * HealthThresholds#timeout()}, even when the database hangs: the components are checked in
 * parallel and one that has not answered in time is DOWN. Thread-safe; nothing to close (its
 * threads are daemons that end when idle).
 *
 * @since 0.1.0
 */
public final class HealthChecks {
  static final String ROOT = "eventcore";
  static final String STORE = "store";
  static final String PROJECTIONS = "projections";
  static final String SAGAS = "sagas";
  static final String DEAD_LETTERS = "dead-letters";
  private static final Set<String> RESERVED = Set.of(ROOT, STORE, "horizon", PROJECTIONS, SAGAS,
      DEAD_LETTERS);
  private static final StreamId PROBE = StreamId.of("eventcore_health", "probe");

  private final List<String> components;
  private final HealthThresholds thresholds;
  private final Clock clock;
  private final ChecksRun run;

  private HealthChecks(List<StoreHealth.Check> checks, HealthThresholds thresholds, Clock clock,
      Optional<ThreadFactory> threadFactory) {
    this.components = checks.stream().map(StoreHealth.Check::component).toList();
    this.thresholds = thresholds;
    this.clock = clock;
    this.run = new ChecksRun(checks, thresholds.timeout(), threadFactory);
  }

  /** A builder; register at least one component. */
  public static Builder builder() {
    return new Builder();
  }

  /** Checks every component now: the root {@code "eventcore"}, as bad as its worst part. */
  public Health check() {
    Instant now = clock.instant();
    return Health.group(ROOT, now, run.run(now));
  }

  /** The names of the root's parts, in report order. */
  public List<String> components() {
    return components;
  }

  /** The thresholds in force. */
  public HealthThresholds thresholds() {
    return thresholds;
  }

  /** Configures {@link HealthChecks}; not thread-safe. */
  public static final class Builder {
    private @Nullable EventStore store;
    private final List<ProjectionRunner> projections = new ArrayList<>();
    private final List<SagaRunner<?>> sagas = new ArrayList<>();
    private final List<DeadLetterHealth.Source> deadLetters = new ArrayList<>();
    private final List<StoreHealth.Check> custom = new ArrayList<>();
    private HealthThresholds thresholds = HealthThresholds.defaults();
    private Clock clock = Clock.systemUTC();
    private Optional<ThreadFactory> threadFactory = Optional.empty();

    private Builder() {}

    /**
     * Checks {@code store}: its own checks if it implements {@link StoreHealth} (the in-memory and
     * PostgreSQL stores do), otherwise reading a stream's version as a probe.
     *
     * @throws IllegalStateException if a store was set already
     */
    public Builder store(EventStore store) {
      Objects.requireNonNull(store, "store");
      if (this.store != null) {
        throw new IllegalStateException("a store is set already; one checker checks one store");
      }
      this.store = store;
      return this;
    }

    /** Checks every projection registered with {@code runner} (call again for more runners). */
    public Builder projections(ProjectionRunner runner) {
      projections.add(Objects.requireNonNull(runner, "runner"));
      return this;
    }

    /** Checks the saga {@code runner} runs: its open instances and overdue timeouts. */
    public Builder sagas(SagaRunner<?> runner) {
      sagas.add(Objects.requireNonNull(runner, "runner"));
      return this;
    }

    /**
     * Counts the dead letters {@code store} keeps for each of {@code projections}.
     *
     * @throws IllegalArgumentException if {@code projections} is empty or has a blank name
     */
    public Builder deadLetters(DeadLetterStore store, Collection<String> projections) {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(projections, "projections");
      List<String> names = List.copyOf(projections);
      if (names.isEmpty()) {
        throw new IllegalArgumentException("projections must name at least one projection");
      }
      names.forEach(Health::checkName);
      deadLetters.add(new DeadLetterHealth.Source(store, names));
      return this;
    }

    /**
     * Adds a check of your own as the root's part {@code component}.
     *
     * @throws IllegalArgumentException if {@code component} is blank, taken, or one of the
     *     built-in names ({@code eventcore, store, horizon, projections, sagas, dead-letters})
     */
    public Builder check(String component, HealthCheck check) {
      Health.checkName(component);
      Objects.requireNonNull(check, "check");
      if (RESERVED.contains(component)
          || custom.stream().anyMatch(c -> c.component().equals(component))) {
        throw new IllegalArgumentException("component name '" + component + "' is taken; the"
            + " built-in ones are " + RESERVED);
      }
      custom.add(new StoreHealth.Check(component, check));
      return this;
    }

    /** The thresholds; {@link HealthThresholds#defaults()} unless set. */
    public Builder thresholds(HealthThresholds thresholds) {
      this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
      return this;
    }

    /**
     * The clock that stamps reports and decides when a saga timeout is overdue: use the saga
     * runners' clock. The system UTC clock unless set.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Makes the threads that run the checks in parallel (a check that hangs holds one); by
     * default daemon threads named {@code eventcore-health-<n>}. On Java 21 {@code
     * Thread.ofVirtual().factory()} runs them on virtual threads.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Optional.of(Objects.requireNonNull(threadFactory, "threadFactory"));
      return this;
    }

    /**
     * The checker.
     *
     * @throws IllegalStateException if nothing was registered, or the store's checks are
     *     malformed (none, or a repeated name)
     */
    public HealthChecks build() {
      List<StoreHealth.Check> checks = new ArrayList<>();
      if (store != null) {
        checks.addAll(storeChecks(store, thresholds));
      }
      HealthThresholds t = thresholds;
      List<ProjectionRunner> runners = List.copyOf(projections);
      if (!runners.isEmpty()) {
        checks.add(new StoreHealth.Check(PROJECTIONS, now -> ProjectionHealth.check(runners, t,
            now)));
      }
      List<SagaRunner<?>> sagaRunners = List.copyOf(sagas);
      if (!sagaRunners.isEmpty()) {
        checks.add(new StoreHealth.Check(SAGAS, now -> SagaHealth.check(sagaRunners, t, now)));
      }
      List<DeadLetterHealth.Source> sources = List.copyOf(deadLetters);
      if (!sources.isEmpty()) {
        checks.add(new StoreHealth.Check(DEAD_LETTERS, now -> DeadLetterHealth.check(sources, t,
            now)));
      }
      checks.addAll(custom);
      if (checks.isEmpty()) {
        throw new IllegalStateException("nothing to check: call store(...), projections(...),"
            + " sagas(...), deadLetters(...) or check(...)");
      }
      Set<String> seen = new HashSet<>();
      for (StoreHealth.Check check : checks) {
        if (!seen.add(check.component())) {
          throw new IllegalStateException("two checks are named '" + check.component() + "'");
        }
      }
      return new HealthChecks(checks, thresholds, clock, threadFactory);
    }

    private static List<StoreHealth.Check> storeChecks(EventStore store, HealthThresholds t) {
      if (!(store instanceof StoreHealth own)) {
        return List.of(new StoreHealth.Check(STORE, now -> {
          long start = System.nanoTime();
          store.currentVersion(PROBE);
          return Health.up(STORE, now)
              .withDetail("latencyMillis", (System.nanoTime() - start) / 1_000_000);
        }));
      }
      List<StoreHealth.Check> checks = List.copyOf(own.healthChecks(t));
      if (checks.isEmpty() || !checks.get(0).component().equals(STORE)) {
        throw new IllegalStateException(store.getClass().getName() + ".healthChecks returned "
            + checks.stream().map(StoreHealth.Check::component).toList()
            + "; the first check must be named 'store'");
      }
      return checks;
    }
  }
}
