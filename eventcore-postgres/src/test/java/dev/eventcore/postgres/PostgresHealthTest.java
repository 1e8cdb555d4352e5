package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.health.Health;
import dev.eventcore.health.HealthChecks;
import dev.eventcore.health.HealthStatus;
import dev.eventcore.health.HealthThresholds;
import dev.eventcore.health.StoreHealth;
import dev.eventcore.observe.Observer;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.saga.CommandDispatcher;
import dev.eventcore.saga.Saga;
import dev.eventcore.saga.SagaEvent;
import dev.eventcore.saga.SagaRunner;
import dev.eventcore.saga.SagaStep;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Each component of the health report turns DEGRADED or DOWN for a real cause against the real
 * PostgreSQL, and UP again once the cause is gone.
 */
class PostgresHealthTest {
  private static final EventTypes TYPES =
      EventTypes.of(TestEvent.class, Reminder.Fact.class, SagaEvent.class);
  private static final RetryPolicy ONCE = RetryPolicy.noRetry();

  private PostgresTestDatabase db;
  private PostgresEventStore store;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void open() {
    db = PostgresTestDatabase.newSchema();
    store = db.builder().eventTypes(TYPES).build();
  }

  @AfterEach
  void close() throws Exception {
    release.countDown();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    store.close();
    db.close();
  }

  private <T extends AutoCloseable> T closeLater(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  private ProjectionRunner runner() {
    return closeLater(ProjectionRunner.builder(store, PostgresCheckpointStore.of(store))
        .sleeper(d -> { }).tick(Duration.ofMillis(20)).build());
  }

  private void append(long n) {
    store.append(StreamId.of("health", Long.toString(n)), ExpectedVersion.any(),
        List.of(EventData.of(new TestEvent.Numbered(n))));
  }

  private static Health eventually(HealthStatus status, Supplier<Health> part)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Health health = part.get();
    while (health.status() != status && System.nanoTime() < deadline) {
      Thread.sleep(20);
      health = part.get();
    }
    assertEquals(status, health.status(), health.toText());
    return health;
  }

  private static Supplier<Health> part(HealthChecks health, String... path) {
    return () -> {
      Health at = health.check();
      for (String name : path) {
        Health parent = at;
        at = parent.child(name).orElseThrow(() -> new AssertionError(parent.toText()));
      }
      return at;
    };
  }

  @Test
  void everythingIsUpOnAHealthyStore() throws Exception {
    ProjectionRunner runner = runner();
    runner.register(Projection.of("counter", event -> { }));
    runner.startAll();
    SagaRunner<Boolean> sagas = closeLater(SagaRunner.builder(store, new Reminder(Duration.ZERO),
        command -> CommandDispatcher.Outcome.accepted()).build());
    HealthChecks health = HealthChecks.builder().store(store).projections(runner).sagas(sagas)
        .deadLetters(PostgresDeadLetterStore.of(store), List.of("counter")).build();
    assertEquals(List.of("store", "horizon", "projections", "sagas", "dead-letters"),
        health.components());
    append(1);
    Health report = eventually(HealthStatus.UP, health::check);
    Health db = report.child("store").orElseThrow();
    assertTrue((Long) db.detail("latencyMillis").orElseThrow() >= 0, report.toText());
    assertEquals(false, report.child("horizon").orElseThrow().detail("stalled").orElseThrow());
    String text = report.toText();
    assertTrue(text.startsWith("eventcore "), text);
    assertTrue(text.contains("\n    counter "), text);
    assertTrue(report.toJson().contains("{\"component\":\"horizon\",\"status\":\"UP\""),
        report.toJson());
  }

  @Test
  void aHeldTransactionStallsTheHorizonNamingItsBackendUntilItCommits() throws Exception {
    HealthChecks degraded = HealthChecks.builder().store(store).thresholds(HealthThresholds
        .defaults().withHorizonStall(Duration.ofMillis(300), Duration.ofMinutes(10))).build();
    HealthChecks down = HealthChecks.builder().store(store).thresholds(HealthThresholds
        .defaults().withHorizonStall(Duration.ofMillis(300), Duration.ofMillis(1_500))).build();
    append(1);
    assertEquals(HealthStatus.UP, degraded.check().status(), () -> degraded.check().toText());
    try (Connection holder = PostgresTestDatabase.connect()) {
      try (Statement sql = holder.createStatement()) {
        sql.execute("SET application_name = 'health-holder'");
        holder.setAutoCommit(false);
        try (ResultSet xid = sql.executeQuery("SELECT pg_current_xact_id()")) {
          assertTrue(xid.next());
        }
      }
      int pid = RawSql.backendPid(holder);
      append(2); // committed, but behind the holder's open transaction

      Health horizon = eventually(HealthStatus.DEGRADED, part(degraded, "horizon"));
      assertEquals((long) pid, horizon.detail("blockerPid").orElseThrow(), horizon.toText());
      assertEquals("health-holder", horizon.detail("blockerApplication").orElseThrow());
      assertEquals("idle in transaction", horizon.detail("blockerState").orElseThrow());
      assertTrue(((String) horizon.detail("blockerQuery").orElseThrow()).contains("pg_backend_pid"),
          horizon.toText()); // the holder's last statement (RawSql.backendPid's)
      assertEquals(1L, horizon.detail("pendingEvents").orElseThrow());
      assertTrue(horizon.reason().orElseThrow().contains("pid " + pid), horizon.toText());
      assertTrue(horizon.reason().get().contains("pg_terminate_backend"), horizon.toText());
      assertEquals(HealthStatus.UP, degraded.check().child("store").orElseThrow().status());

      Health held = eventually(HealthStatus.DOWN, part(down, "horizon"));
      assertTrue((Long) held.detail("lagMillis").orElseThrow() >= 1_500, held.toText());
      assertEquals(HealthStatus.DOWN, down.check().status());

      holder.commit();
    }
    Health released = eventually(HealthStatus.UP, part(down, "horizon"));
    assertEquals(false, released.detail("stalled").orElseThrow(), released.toText());
    eventually(HealthStatus.UP, degraded::check);
  }

  @Test
  void aFailingProjectionHandlerIsDownWithItsLastError() throws Exception {
    ProjectionRunner runner = runner();
    runner.register(Projection.of("broken", event -> {
      throw new IllegalStateException("the read model table is gone");
    }), ErrorPolicy.retryThenStop(ONCE));
    runner.start("broken");
    HealthChecks health = HealthChecks.builder().store(store).projections(runner).build();
    append(1);
    Health broken = eventually(HealthStatus.DOWN, part(health, "projections", "broken"));
    assertEquals("FAILED", broken.detail("state").orElseThrow());
    assertTrue(((String) broken.detail("lastError").orElseThrow())
        .contains("IllegalStateException: the read model table is gone"), broken.toText());
    assertTrue(broken.reason().orElseThrow().startsWith("failed: "), broken.toText());
    assertEquals(HealthStatus.UP, health.check().child("store").orElseThrow().status());
  }

  @Test
  void aProjectionLaggingBeyondTheThresholdIsDegraded() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    ProjectionRunner runner = runner();
    runner.register(Projection.of("slow", event -> {
      busy.countDown();
      release.await();
    }));
    runner.start("slow");
    HealthChecks health = HealthChecks.builder().projections(runner).thresholds(HealthThresholds
        .defaults().withProjectionLag(3, Duration.ofMinutes(5))).build();
    append(1);
    assertTrue(busy.await(30, TimeUnit.SECONDS));
    assertEquals(HealthStatus.UP, health.check().status(), () -> health.check().toText());
    for (int n = 2; n <= 6; n++) {
      append(n);
    }
    Health slow = eventually(HealthStatus.DEGRADED, part(health, "projections", "slow"));
    assertTrue((Long) slow.detail("lagEvents").orElseThrow() > 3, slow.toText());
    release.countDown();
    eventually(HealthStatus.UP, health::check);
  }

  @Test
  void deadLettersPresentDegradeTheirProjection() throws Exception {
    PostgresDeadLetterStore deadLetters = PostgresDeadLetterStore.of(store);
    ProjectionRunner runner = runner();
    runner.register(Projection.of("odd-only", event -> {
      if (((TestEvent.Numbered) event.payload()).n() % 2 == 0) {
        throw new IllegalArgumentException("even numbers are not handled");
      }
    }), ErrorPolicy.retryThenDeadLetter(ONCE, deadLetters));
    runner.start("odd-only");
    HealthChecks health = HealthChecks.builder().store(store).projections(runner)
        .deadLetters(deadLetters, List.of("odd-only")).build();
    append(1);
    eventually(HealthStatus.UP, health::check);
    append(2);
    Health letters = eventually(HealthStatus.DEGRADED, part(health, "dead-letters", "odd-only"));
    assertEquals(1L, letters.detail("count").orElseThrow());
    assertEquals(HealthStatus.UP, health.check().child("projections").orElseThrow().status(),
        "the projection itself went on");
    assertEquals(HealthStatus.DEGRADED, health.check().status());
  }

  @Test
  void anOverdueSagaTimeoutDegradesItsSagaUntilTheRunnerFiresIt() throws Exception {
    SagaRunner<Boolean> sagas = closeLater(SagaRunner.builder(store,
        new Reminder(Duration.ofMillis(100)), command -> CommandDispatcher.Outcome.accepted())
        .build()); // not started: nothing ticks
    HealthChecks health = HealthChecks.builder().store(store).sagas(sagas).thresholds(
        HealthThresholds.defaults().withTimeoutGrace(Duration.ofMillis(300))).build();
    append(7);
    RecordedEvent<?> event = store.readStream(StreamId.of("health", "7")).get(0);
    sagas.handle(event);
    assertEquals(1L, health.check().child("sagas").orElseThrow().child("reminder").orElseThrow()
        .detail("pendingTimeouts").orElseThrow());
    Health overdue = eventually(HealthStatus.DEGRADED, part(health, "sagas", "reminder"));
    assertEquals(1L, overdue.detail("overdueTimeouts").orElseThrow());
    assertEquals("7", overdue.detail("oldestOverdueInstance").orElseThrow());
    assertTrue((Long) overdue.detail("oldestOverdueMillis").orElseThrow() > 300, overdue.toText());

    assertEquals(1, sagas.tick());
    Health fired = health.check().child("sagas").orElseThrow().child("reminder").orElseThrow();
    assertEquals(HealthStatus.UP, fired.status(), fired.toText());
    assertEquals(0L, fired.detail("openInstances").orElseThrow());
  }

  @Test
  void aStoppedDatabaseIsDownAndUpAgainWhenItIsBack() throws Exception {
    RestartableProxy proxy = closeLater(RestartableProxy.to(PostgresTestDatabase.jdbcUrl()));
    PostgresEventStore proxied = closeLater(db.builder().eventTypes(TYPES)
        .jdbcUrl(proxy.rewrite(PostgresTestDatabase.jdbcUrl())).maxPoolSize(3).build());
    HealthChecks health = HealthChecks.builder().store(proxied)
        .thresholds(HealthThresholds.defaults().withTimeout(Duration.ofSeconds(1))).build();
    eventually(HealthStatus.UP, health::check);

    proxy.down();
    long start = System.nanoTime();
    Health report = health.check();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 3_000, "the check took " + millis + " ms");
    assertEquals(HealthStatus.DOWN, report.child("store").orElseThrow().status(), report.toText());
    assertEquals(HealthStatus.DOWN, report.child("horizon").orElseThrow().status());
    assertTrue(report.child("store").orElseThrow().reason().isPresent());

    proxy.up();
    eventually(HealthStatus.UP, health::check);
  }

  @Test
  void aDatabaseNotAnsweringWithinTheTimeoutIsDownWithinTheTimeout() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.jdbcUrl());
    config.setMaximumPoolSize(3);
    config.setConnectionTimeout(20_000);
    HikariDataSource pool = closeLater(new HikariDataSource(config));
    PostgresEventStore starved = closeLater(PostgresEventStore.builder().dataSource(pool)
        .schema(db.schema()).eventTypes(TYPES).build());
    HealthChecks health = HealthChecks.builder().store(starved)
        .thresholds(HealthThresholds.defaults().withTimeout(Duration.ofMillis(500))).build();
    eventually(HealthStatus.UP, health::check);
    List<Connection> held = new ArrayList<>();
    try {
      while (pool.getHikariPoolMXBean().getActiveConnections() < 3) {
        held.add(pool.getConnection()); // every connection taken: getConnection waits 20 s
      }
      for (int round = 0; round < 2; round++) {
        long start = System.nanoTime();
        Health report = health.check();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 400 && millis < 2_500, "the check took " + millis + " ms");
        Health part = report.child("store").orElseThrow();
        assertEquals(HealthStatus.DOWN, part.status(), report.toText());
        assertTrue(part.reason().orElseThrow().startsWith("no answer within 500 ms"),
            report.toText());
      }
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
    eventually(HealthStatus.UP, health::check);
  }

  @Test
  void aDataSourceOnAClosedPortIsDownWithTheConnectionError() throws Exception {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2");
    HorizonProbe probe = new HorizonProbe(nowhere, new SchemaNames(db.schema()),
        Duration.ofSeconds(10), Observer.NONE, null, Optional.empty());
    HealthChecks.Builder builder = HealthChecks.builder();
    for (StoreHealth.Check check :
        PostgresHealth.checks(nowhere, probe, HealthThresholds.defaults(), () -> false)) {
      builder.check("nowhere-" + check.component(), check.check());
    }
    Health report = builder.build().check();
    assertEquals(HealthStatus.DOWN, report.status(), report.toText());
    for (Health part : report.components()) {
      assertEquals(HealthStatus.DOWN, part.status(), report.toText());
      assertTrue(part.reason().orElseThrow().contains("127.0.0.1:1"), report.toText());
    }
  }

  @Test
  void aClosedStoreIsDownWithoutAskingTheDatabase() {
    HealthChecks health = HealthChecks.builder().store(store).build();
    assertEquals(HealthStatus.UP, health.check().status(), () -> health.check().toText());
    store.close();
    Health report = health.check();
    for (String name : List.of("store", "horizon")) {
      Health part = report.child(name).orElseThrow();
      assertEquals(HealthStatus.DOWN, part.status(), report.toText());
      assertEquals("the event store is closed", part.reason().orElseThrow());
    }
  }

  /** A saga that schedules a reminder for each numbered event, and ends when it fires. */
  static final class Reminder implements Saga<Boolean, Reminder.Fact> {
    private final Duration after;

    Reminder(Duration after) {
      this.after = after;
    }

    /** The saga's facts. */
    sealed interface Fact {}

    /** The reminder was scheduled. */
    record Scheduled(long n) implements Fact {}

    @Override
    public String name() {
      return "reminder";
    }

    @Override
    public EventFilter filter() {
      return EventTypes.of(TestEvent.Numbered.class).asFilter();
    }

    @Override
    public Optional<String> associationOf(RecordedEvent<?> event) {
      return event.payload() instanceof TestEvent.Numbered numbered
          ? Optional.of(Long.toString(numbered.n()))
          : Optional.empty();
    }

    @Override
    public Class<Fact> eventType() {
      return Fact.class;
    }

    @Override
    public Boolean initialState() {
      return false;
    }

    @Override
    public Boolean evolve(Boolean state, Fact fact) {
      return true;
    }

    @Override
    public SagaStep<Fact> react(Boolean scheduled, RecordedEvent<?> event) {
      if (scheduled || !(event.payload() instanceof TestEvent.Numbered numbered)) {
        return SagaStep.none();
      }
      return SagaStep.<Fact>record(new Scheduled(numbered.n())).schedule("remind", after);
    }

    @Override
    public SagaStep<Fact> onTimeout(Boolean scheduled, String name) {
      return SagaStep.<Fact>none().complete();
    }
  }
}
