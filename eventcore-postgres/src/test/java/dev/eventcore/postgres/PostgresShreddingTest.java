package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.Decider;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.saga.CommandDispatcher;
import dev.eventcore.saga.Saga;
import dev.eventcore.saga.SagaEvent;
import dev.eventcore.saga.SagaRunner;
import dev.eventcore.saga.SagaStep;
import dev.eventcore.serialization.EventType;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.shredding.CryptoShredding;
import dev.eventcore.shredding.PersonalData;
import dev.eventcore.shredding.SubjectForgotten;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Crypto-shredding on PostgreSQL: personal data never reaches a table in clear, keys live in
 * {@code subject_keys}, and after {@code forget} every read path redacts the subject's data while
 * no table of the schema holds its plaintext.
 */
class PostgresShreddingTest {
  record Address(String street, String city) {}

  record Registered(String customerId,
      @PersonalData(subject = "customerId") String email,
      @PersonalData(subject = "customerId") int birthYear,
      @PersonalData(subject = "customerId") Address address,
      String plan) {}

  sealed interface WelcomeEvent permits WelcomeStarted {}

  record WelcomeStarted(String customerId, @PersonalData(subject = "customerId") String email)
      implements WelcomeEvent {}

  record SendWelcome(String customerId, @PersonalData(subject = "customerId") String email) {}

  record Profile(String customerId, @PersonalData(subject = "customerId") String email, int n) {}

  private static final Decider<String, Profile, Registered> PROFILES = Decider.of(
      new Profile("-", "-", 0),
      (profile, event) -> new Profile(event.customerId(), event.email(), profile.n() + 1),
      (command, profile) -> List.of());

  /** Welcomes each registered customer: its state and outbox command hold the email. */
  static final class WelcomeSaga implements Saga<String, WelcomeEvent> {
    @Override
    public String name() {
      return "welcome";
    }

    @Override
    public EventFilter filter() {
      return EventFilter.all();
    }

    @Override
    public Optional<String> associationOf(RecordedEvent<?> event) {
      return event.payload() instanceof Registered r ? Optional.of(r.customerId())
          : Optional.empty();
    }

    @Override
    public Class<WelcomeEvent> eventType() {
      return WelcomeEvent.class;
    }

    @Override
    public String initialState() {
      return "";
    }

    @Override
    public String evolve(String state, WelcomeEvent event) {
      return ((WelcomeStarted) event).email();
    }

    @Override
    public SagaStep<WelcomeEvent> react(String state, RecordedEvent<?> event) {
      if (event.payload() instanceof Registered r) {
        return SagaStep.<WelcomeEvent>record(new WelcomeStarted(r.customerId(), r.email()))
            .dispatch(new SendWelcome(r.customerId(), r.email()));
      }
      return SagaStep.none();
    }

    @Override
    public SagaStep<WelcomeEvent> onTimeout(String state, String name) {
      return SagaStep.none();
    }
  }

  private static final EventTypes TYPES = EventTypes.of(Registered.class, WelcomeStarted.class,
      SendWelcome.class, SagaEvent.class).and(CryptoShredding.eventTypes());

  private PostgresTestDatabase db;
  private PostgresEventStore store;
  private CryptoShredding shredding;
  private final String ann = "ann-" + UUID.randomUUID();
  private final String bob = "bob-" + UUID.randomUUID();

  private Registered registered(String subject) {
    return new Registered(subject, subject + "@example.com", 1984,
        new Address(subject + " Elm Street", "Springfield"), "platinum-plan");
  }

  private static Registered redacted(Registered event) {
    return new Registered(event.customerId(), CryptoShredding.REDACTED, 0, null, event.plan());
  }

  /** What must not be left in any table once {@code subject} is forgotten. */
  private static List<String> plaintextOf(String subject) {
    return List.of(subject + "@example.com", subject + " Elm Street");
  }

  @BeforeEach
  void open() {
    db = PostgresTestDatabase.newSchema();
    shredding = CryptoShredding.using(PostgresSubjectKeyStore.of(dataSource(), db.schema()));
    store = db.builder().eventTypes(TYPES).codec(shredding.codec(JacksonCodec.json())).build();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    db.close();
  }

  @Test
  void personalDataIsStoredEncryptedAndReadsBack() throws Exception {
    StreamId stream = StreamId.of("customer", ann);
    store.append(stream, ExpectedVersion.any(), List.of(EventData.of(registered(ann))));
    assertEquals(registered(ann), store.readStream(stream).get(0).payload());
    for (String plaintext : plaintextOf(ann)) {
      assertEquals(List.of(), rowsContaining(plaintext), "encrypted at rest: " + plaintext);
    }
    assertFalse(rowsContaining("platinum-plan").isEmpty(), "the scan sees what is in clear");
    assertEquals(1, db.count("SELECT count(*) FROM %s.subject_keys WHERE subject = '" + ann + "'"));
  }

  @Test
  void afterForgetEveryReadPathRedactsAndNoTableHoldsThePlaintext() throws Exception {
    StreamId annStream = StreamId.of("customer", ann);
    StreamId bobStream = StreamId.of("customer", bob);
    store.append(annStream, ExpectedVersion.any(), List.of(EventData.of(registered(ann))));
    store.append(bobStream, ExpectedVersion.any(), List.of(EventData.of(registered(bob))));
    PostgresSnapshotStore snapshots = PostgresSnapshotStore.of(store);
    snapshots.save(new Snapshot<>(annStream, Version.of(1), 1,
        new Profile(ann, ann + "@example.com", 1)));
    RecordedEvent<?> annEvent = store.readStream(annStream).get(0);
    PostgresDeadLetterStore.of(store).add(DeadLetter.of("mailer", annEvent, 1,
        new IllegalStateException("smtp down"), Instant.now()));
    try (SagaRunner<String> sagas = SagaRunner.builder(store, new WelcomeSaga(),
        command -> CommandDispatcher.Outcome.accepted()).build()) {
      sagas.handle(annEvent);
      assertEquals(ann + "@example.com", sagas.instance(ann).state());
    }

    SubjectForgotten forgotten = shredding.forget(store, ann);

    for (String plaintext : plaintextOf(ann)) {
      assertEquals(List.of(), rowsContaining(plaintext), "left after forget: " + plaintext);
    }
    assertEquals(0, db.count("SELECT count(*) FROM %s.subject_keys WHERE subject = '" + ann + "'"),
        "the key row is deleted");
    assertEquals(1, db.count("SELECT count(*) FROM %s.subject_keys WHERE subject = '" + bob + "'"));
    Registered expected = redacted(registered(ann));
    assertEquals(expected, store.readStream(annStream).get(0).payload(), "stream read");
    assertEquals(registered(bob), store.readStream(bobStream).get(0).payload(), "others kept");
    List<Object> log = new ArrayList<>();
    store.readAll(GlobalPosition.START, 100).forEach(e -> log.add(e.payload()));
    assertTrue(log.contains(expected), "log read: " + log);
    assertTrue(log.contains(forgotten), "the erasure is recorded: " + log);
    assertFalse(log.contains(registered(ann)), "log read: " + log);
    assertEquals(expected, subscribedFirst(), "subscription");
    assertEquals(new Profile(ann, CryptoShredding.REDACTED, 1),
        snapshots.load(annStream, Profile.class).orElseThrow().state(), "snapshot read");
    AggregateRepository<String, Profile, Registered> fromSnapshot =
        AggregateRepository.builder(store, PROFILES, Registered.class)
            .snapshots(snapshots, Profile.class, 1).build();
    assertEquals(new Profile(ann, CryptoShredding.REDACTED, 1),
        fromSnapshot.load(annStream).state(), "aggregate load from the snapshot");
    AggregateRepository<String, Profile, Registered> folded =
        AggregateRepository.builder(store, PROFILES, Registered.class).build();
    assertEquals(new Profile(ann, CryptoShredding.REDACTED, 1), folded.load(annStream).state(),
        "aggregate load from events");
    try (SagaRunner<String> sagas = SagaRunner.builder(store, new WelcomeSaga(),
        command -> CommandDispatcher.Outcome.accepted()).build()) {
      assertEquals(CryptoShredding.REDACTED, sagas.instance(ann).state(), "saga state");
    }
  }

  @Test
  void concurrentAppendsAndAForgetNeverLeavePlaintextNorFailARead() throws Exception {
    int writers = 4;
    int perWriter = 40;
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      StreamId stream = StreamId.of("customer", ann + "-" + w);
      threads.add(new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perWriter; i++) {
            store.append(stream, ExpectedVersion.any(), List.of(EventData.of(registered(ann))));
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    threads.add(new Thread(() -> {
      try {
        start.await();
        while (store.readAll(GlobalPosition.START, perWriter).size() < perWriter) {
          Thread.sleep(1);
        }
        shredding.forget(store, ann);
      } catch (Throwable t) {
        failures.add(t);
      }
    }));
    for (int r = 0; r < 2; r++) {
      threads.add(new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < 30; i++) {
            for (RecordedEvent<?> event : store.readAll(GlobalPosition.START, 1000)) {
              wholeOrRedacted(event.payload());
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(120));
    }
    assertEquals(List.of(), failures);
    int redacted = 0;
    for (RecordedEvent<?> event : store.readAll(GlobalPosition.START, 1000)) {
      redacted += wholeOrRedacted(event.payload()) ? 1 : 0;
    }
    assertTrue(redacted >= perWriter, "at least the events before the forget: " + redacted);
    for (String plaintext : plaintextOf(ann)) {
      assertEquals(List.of(), rowsContaining(plaintext), "plaintext in a table: " + plaintext);
    }
  }

  private boolean wholeOrRedacted(Object payload) {
    if (payload instanceof SubjectForgotten) {
      return false;
    }
    if (payload.equals(registered(ann))) {
      return false;
    }
    assertEquals(redacted(registered(ann)), payload);
    return true;
  }

  @Test
  void aStoreThatCannotRecordTheErasureKeepsTheKeyAndSaysWhy() throws Exception {
    StreamId stream = StreamId.of("customer", ann);
    try (PostgresEventStore narrow = db.builder().eventTypes(EventTypes.of(Registered.class))
        .codec(shredding.codec(JacksonCodec.json())).build()) {
      narrow.append(stream, ExpectedVersion.any(), List.of(EventData.of(registered(ann))));
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> shredding.forget(narrow, ann));
      assertTrue(e.getMessage().contains("SubjectForgotten"), e.getMessage());
      assertEquals(registered(ann), narrow.readStream(stream).get(0).payload(), "key kept");
    }
  }

  @Test
  void theRuntimeRoleForgetsThroughTheFunctionWithoutDeleteOnTheTable() throws Exception {
    store.append(StreamId.of("customer", ann), ExpectedVersion.any(),
        List.of(EventData.of(registered(ann))));
    String role = "ec_runtime_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    db.sql("CREATE ROLE " + role + " NOLOGIN");
    try {
      db.sql("GRANT USAGE ON SCHEMA %s TO " + role);
      db.sql("GRANT SELECT, INSERT ON %s.subject_keys TO " + role);
      db.sql("GRANT EXECUTE ON FUNCTION %s.forget_subject(text) TO " + role);
      try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement()) {
        s.execute("SET ROLE " + role);
        String table = "\"" + db.schema() + "\".subject_keys";
        SQLException denied = assertThrows(SQLException.class,
            () -> s.executeUpdate("DELETE FROM " + table + " WHERE subject = '" + ann + "'"));
        assertEquals("42501", denied.getSQLState(), "no DELETE for the runtime role");
        try (ResultSet row = s.executeQuery(
            "SELECT \"" + db.schema() + "\".forget_subject('" + ann + "')")) {
          assertTrue(row.next());
          assertTrue(row.getBoolean(1), "destroyed through the function");
        }
        s.execute("RESET ROLE");
      }
      assertEquals(0, db.count("SELECT count(*) FROM %s.subject_keys"));
    } finally {
      db.sql("DROP OWNED BY " + role);
      db.sql("DROP ROLE " + role);
    }
  }

  @Test
  void concurrentFirstUsesOfASubjectInSeveralProcessesAgreeOnOneKey() throws Exception {
    int processes = 8;
    List<UUID> ids = new CopyOnWriteArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      PostgresSubjectKeyStore keys = PostgresSubjectKeyStore.of(dataSource(), db.schema());
      threads.add(new Thread(() -> {
        try {
          start.await();
          ids.add(keys.keyFor(ann).id());
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertEquals(List.of(), failures);
    assertEquals(processes, ids.size());
    assertEquals(1, ids.stream().distinct().count(), "one key: " + ids);
    PostgresSubjectKeyStore keys = PostgresSubjectKeyStore.of(dataSource(), db.schema());
    assertTrue(keys.destroy(ann));
    assertFalse(keys.destroy(ann), "nothing left to destroy");
    assertTrue(keys.find(ann).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> keys.keyFor(" "));
    assertThrows(IllegalArgumentException.class,
        () -> PostgresSubjectKeyStore.of(dataSource(), "Not A Schema"));
  }

  @Test
  void anotherProcessStopsDecryptingWithinItsCacheTimeToLive() throws Exception {
    StreamId stream = StreamId.of("customer", ann);
    store.append(stream, ExpectedVersion.any(), List.of(EventData.of(registered(ann))));
    CryptoShredding uncached = CryptoShredding.using(
        PostgresSubjectKeyStore.of(dataSource(), db.schema()), java.time.Duration.ZERO,
        java.time.Clock.systemUTC());
    CryptoShredding cached = CryptoShredding.using(
        PostgresSubjectKeyStore.of(dataSource(), db.schema()));
    try (PostgresEventStore other = db.builder().eventTypes(TYPES)
            .codec(uncached.codec(JacksonCodec.json())).build();
        PostgresEventStore third = db.builder().eventTypes(TYPES)
            .codec(cached.codec(JacksonCodec.json())).build()) {
      assertEquals(registered(ann), other.readStream(stream).get(0).payload());
      assertEquals(registered(ann), third.readStream(stream).get(0).payload(), "key cached");
      shredding.forget(store, ann);
      assertEquals(redacted(registered(ann)), other.readStream(stream).get(0).payload(),
          "no cache: redacted at once");
      assertEquals(registered(ann), third.readStream(stream).get(0).payload(),
          "a process that cached the key decrypts until its time to live ends");
      for (String plaintext : plaintextOf(ann)) {
        assertEquals(List.of(), rowsContaining(plaintext), "but nothing is in clear in a table");
      }
    }
  }

  @EventType("Badge")
  record Badge(String customerId, @PersonalData(subject = "customerId") String email) {}

  /** A later shape of {@link Badge} that cannot read its email. */
  @EventType("Badge")
  record BadgeAsNumber(String customerId, @PersonalData(subject = "customerId") int email) {}

  @Test
  void anUndecodableEventsDeadLetterHoldsNoPlaintextNorDoesItsReason() throws Exception {
    StreamId stream = StreamId.of("badge", ann);
    try (PostgresEventStore writer = db.builder().eventTypes(EventTypes.of(Badge.class))
        .codec(shredding.codec(JacksonCodec.json())).build()) {
      writer.append(stream, ExpectedVersion.any(),
          List.of(EventData.of(new Badge(ann, ann + "@example.com"))));
    }
    try (PostgresEventStore reader = db.builder().eventTypes(EventTypes.of(BadgeAsNumber.class))
        .codec(shredding.codec(JacksonCodec.json())).build()) {
      List<RecordedEvent<?>> events = reader.readAll(GlobalPosition.START, 10,
          EventFilter.all().deliveringUndecodable()).events();
      assertEquals(1, events.size());
      @SuppressWarnings("unchecked")
      RecordedEvent<UndecodableEvent> undecodable = (RecordedEvent<UndecodableEvent>) events.get(0);
      assertTrue(undecodable.payload().reason().contains("withheld"),
          undecodable.payload().reason());
      PostgresDeadLetterStore.of(reader).add(DeadLetter.undecodable("mailer", undecodable,
          new IllegalStateException(undecodable.payload().reason()), Instant.now()));
      assertEquals(1, db.count("SELECT count(*) FROM %s.dead_letters WHERE raw_data IS NOT NULL"));
      assertEquals(List.of(), rowsContaining(ann + "@example.com"), "before the forget too");
      shredding.forget(store, ann);
      assertEquals(List.of(), rowsContaining(ann + "@example.com"));
    }
  }

  private static PGSimpleDataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(PostgresTestDatabase.jdbcUrl());
    return dataSource;
  }

  private Object subscribedFirst() throws InterruptedException {
    List<Object> seen = new CopyOnWriteArrayList<>();
    CountDownLatch caughtUp = new CountDownLatch(1);
    try (Subscription subscription = store.subscribe(GlobalPosition.START, new EventHandler() {
      @Override
      public void handle(RecordedEvent<?> event) {
        seen.add(event.payload());
      }

      @Override
      public void caughtUp() {
        caughtUp.countDown();
      }
    })) {
      assertTrue(caughtUp.await(30, TimeUnit.SECONDS));
    }
    return seen.get(0);
  }

  /** Every row of every table of the store's schema, as text, that contains {@code needle}. */
  private List<String> rowsContaining(String needle) throws SQLException {
    List<String> tables = new ArrayList<>();
    List<String> found = new ArrayList<>();
    try (Connection c = PostgresTestDatabase.connect()) {
      try (PreparedStatement list = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN"
          + " pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?"
          + " AND c.relkind IN ('r', 'p') ORDER BY 1")) {
        list.setString(1, db.schema());
        try (ResultSet rows = list.executeQuery()) {
          while (rows.next()) {
            tables.add(rows.getString(1));
          }
        }
      }
      assertTrue(tables.containsAll(List.of("events", "snapshots", "dead_letters", "checkpoints",
          "projection_leases", "subject_keys")), "tables: " + tables);
      for (String table : tables) {
        try (Statement s = c.createStatement();
            ResultSet rows = s.executeQuery(
                "SELECT t::text FROM \"" + db.schema() + "\".\"" + table + "\" t")) {
          while (rows.next()) {
            if (rows.getString(1).contains(needle)) {
              found.add(table + ": " + rows.getString(1));
            }
          }
        }
      }
    }
    return found;
  }
}
