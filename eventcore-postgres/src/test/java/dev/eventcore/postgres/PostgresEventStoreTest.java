package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.serialization.EventTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PostgresEventStoreTest {
  private static PostgresTestDatabase db;
  private static PostgresEventStore store;

  @BeforeAll
  static void start() {
    db = PostgresTestDatabase.newSchema();
    store = db.store();
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) {
      store.close();
    }
    db.close();
  }

  private static StreamId stream(String name) {
    return StreamId.of(name + "-" + System.nanoTime());
  }

  @Test
  void appendsAndReadsBackRecordsWithJavaTimeOptionalAndDecimals() {
    StreamId id = stream("rich");
    TestEvent.Rich rich = new TestEvent.Rich("héllo ✓", Instant.parse("2024-01-02T03:04:05.123456Z"),
        Optional.of("note"), List.of(1, 2, 3), new BigDecimal("12.50"));
    TestEvent.Rich empty = new TestEvent.Rich("x", Instant.EPOCH, Optional.empty(), List.of(), BigDecimal.ONE);
    Metadata meta = Metadata.empty().with(Metadata.CORRELATION_ID, "c-1").with("user", "alice");
    AppendResult result = store.append(id, ExpectedVersion.noStream(),
        List.of(new EventData<>(dev.eventcore.EventId.random(), rich, meta), EventData.of(empty)));
    assertEquals(Version.of(2), result.nextExpectedVersion());
    assertTrue(result.lastPosition().isAfter(result.firstPosition()));
    List<RecordedEvent<?>> events = store.readStream(id);
    assertEquals(2, events.size());
    assertEquals(rich, events.get(0).payload());
    assertEquals(meta, events.get(0).metadata());
    assertEquals("rich", events.get(0).type());
    assertEquals(empty, events.get(1).payload());
    assertEquals(result.firstPosition(), events.get(0).position());
    assertEquals(result.lastPosition(), events.get(1).position());
    assertEquals(Version.of(2), store.currentVersion(id));
    assertEquals(Version.NONE, store.currentVersion(stream("absent")));
  }

  @Test
  void wrongExpectedVersionCarriesStreamExpectedAndActual() {
    StreamId id = stream("wev");
    store.append(id, ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(1))));
    WrongExpectedVersionException e = assertThrows(WrongExpectedVersionException.class,
        () -> store.append(id, ExpectedVersion.exactly(Version.of(5)),
            List.of(EventData.of(new TestEvent.Numbered(2)))));
    assertEquals(id, e.stream());
    assertEquals(ExpectedVersion.exactly(Version.of(5)), e.expected());
    assertEquals(Version.of(1), e.actual());
  }

  @Test
  void multiStreamAppendIsAllOrNothingAndACheckOnlyStreamIsNotWritten() {
    StreamId a = stream("a");
    StreamId b = stream("b");
    StreamId check = stream("check");
    store.append(check, ExpectedVersion.noStream(), List.of(EventData.of(new TestEvent.Numbered(0))));
    assertThrows(WrongExpectedVersionException.class, () -> store.append(List.of(
        new StreamAppend(a, ExpectedVersion.noStream(), List.of(EventData.of(new TestEvent.Numbered(1)))),
        new StreamAppend(b, ExpectedVersion.exactly(Version.of(3)),
            List.of(EventData.of(new TestEvent.Numbered(2)))))));
    assertEquals(Version.NONE, store.currentVersion(a));
    AppendResult ok = store.append(List.of(
        new StreamAppend(b, ExpectedVersion.noStream(), List.of(EventData.of(new TestEvent.Numbered(2)))),
        new StreamAppend(check, ExpectedVersion.exactly(Version.of(1)), List.of()),
        new StreamAppend(a, ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(1))))));
    assertEquals(Version.of(1), ok.version(a));
    assertEquals(Version.of(1), ok.version(check));
    assertEquals(1, store.readStream(check).size());
  }

  @Test
  void subscriptionCatchesUpThenGoesLive() throws Exception {
    StreamId id = stream("live");
    AppendResult first = store.append(id, ExpectedVersion.noStream(),
        List.of(EventData.of(new TestEvent.Numbered(1))));
    List<RecordedEvent<?>> seen = new CopyOnWriteArrayList<>();
    GlobalPosition before = GlobalPosition.of(first.firstPosition().value() - 1);
    try (var sub = store.subscribe(before, seen::add)) {
      AppendResult second = store.append(id, ExpectedVersion.exactly(Version.of(1)),
          List.of(EventData.of(new TestEvent.Numbered(2))));
      assertTrue(sub.awaitPosition(second.lastPosition(), Duration.ofSeconds(5)));
    }
    assertTrue(seen.size() >= 2);
    assertEquals(first.firstPosition(), seen.get(0).position());
  }

  @Test
  void userMapperConfigurationIsRespected() {
    try (PostgresEventStore custom = db.builder()
        .objectMapper(JsonMapper.builder()
            .propertyNamingStrategy(tools.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .build())
        .build()) {
      StreamId id = stream("mapper");
      TestEvent.Rich rich = new TestEvent.Rich("t", Instant.EPOCH, Optional.of("n"), List.of(7),
          BigDecimal.TEN);
      custom.append(id, ExpectedVersion.any(), List.of(EventData.of(rich)));
      assertEquals(rich, custom.readStream(id).get(0).payload());
    }
  }

  @Test
  void builderFailsFastWithPreciseMessages() {
    IllegalStateException noTypes = assertThrows(IllegalStateException.class,
        () -> PostgresEventStore.builder().jdbcUrl(PostgresTestDatabase.jdbcUrl()).build());
    assertTrue(noTypes.getMessage().contains("eventTypes"), noTypes.getMessage());
    IllegalStateException noDb = assertThrows(IllegalStateException.class,
        () -> PostgresEventStore.builder().eventTypes(EventTypes.of(TestEvent.class)).build());
    assertTrue(noDb.getMessage().contains("jdbcUrl"), noDb.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PostgresEventStore.builder().maxPoolSize(1));
    assertThrows(IllegalArgumentException.class, () -> PostgresEventStore.builder()
        .limits(dev.eventcore.StoreLimits.defaults().withMaxEventsPerAppend(1 << 20)));
    assertThrows(NullPointerException.class, () -> PostgresEventStore.builder().schema(null));
    IllegalStateException notInstalled = assertThrows(IllegalStateException.class,
        () -> PostgresTestDatabase.newSchema().builder().migrate(false).build());
    assertTrue(notInstalled.getMessage().contains("schemaSql"), notInstalled.getMessage());
  }

  @Test
  void schemaNamesAreValidatedIdentifiers() {
    for (String bad : new String[] {"", "Upper", "1abc", "a-b", "a b", "a\"b", "x;drop", "pg_x",
        "é", "a".repeat(64), "a\u0000"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> PostgresEventStore.builder().schema(bad), bad);
      assertTrue(e.getMessage().contains("schema"), e.getMessage());
    }
    PostgresEventStore.builder().schema("a".repeat(63)).schema("_x9");
  }

  @Test
  void schemaSqlIsAvailableForMigrateFalseUsers() throws Exception {
    String sql = PostgresEventStore.schemaSql("my_events");
    assertTrue(sql.contains("CREATE TABLE \"my_events\".events"), sql);
    assertTrue(!sql.contains("${schema}"));
    try (PostgresTestDatabase other = PostgresTestDatabase.newSchema()) {
      other.sql(PostgresEventStore.schemaSql(other.schema));
      try (PostgresEventStore manual = other.builder().migrate(false).build()) {
        manual.append(StreamId.of("s"), ExpectedVersion.noStream(),
            List.of(EventData.of(new TestEvent.Numbered(1))));
        assertEquals(1, manual.readStream(StreamId.of("s")).size());
      }
    }
  }
}
