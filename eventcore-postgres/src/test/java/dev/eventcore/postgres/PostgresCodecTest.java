package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventId;
import dev.eventcore.EventStoreException;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.snapshot.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each codec round-trips payloads through PostgreSQL (JSON as jsonb, binary as bytea), each event
 * is read with the codec that wrote it, and a store changes codec without rewriting history.
 */
class PostgresCodecTest {
  private static final StreamId ORDER = StreamId.of("order-1");

  private static PostgresEventStore.Builder builder(PostgresTestDatabase db) {
    return PostgresEventStore.builder().jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(db.schema()).eventTypes(EventTypes.of(CodecEvent.class)).maxPoolSize(3);
  }

  private static CodecEvent.Ordered order(int i) {
    return new CodecEvent.Ordered("o-" + i, List.of("sku-1 ×2", "€ 9.99 \ud83d\ude00"),
        new BigDecimal("1234567890.12345678901234567890"),
        Instant.parse("2026-12-05T10:15:30.123456Z"));
  }

  /** Appends through each write path: one event, several, two streams (the function). */
  private static List<Object> appendAllPaths(PostgresEventStore store, String tag) {
    List<Object> written = new ArrayList<>();
    StreamId one = StreamId.of("order-" + tag + "a");
    CodecEvent first = order(1);
    store.append(one, ExpectedVersion.noStream(), List.of(EventData.of(first)));
    written.add(first);
    List<EventData<?>> several = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CodecEvent reading = new CodecEvent.Reading("s-" + i, Long.MAX_VALUE - i);
      several.add(EventData.of(reading).withMetadata(Metadata.empty().with("k", tag)));
      written.add(reading);
    }
    store.append(one, ExpectedVersion.exactly(Version.of(1)), several);
    CodecEvent left = order(2);
    CodecEvent right = new CodecEvent.Reading("r", -1);
    store.append(List.of(
        new StreamAppend(StreamId.of("order-" + tag + "b"), ExpectedVersion.any(),
            List.of(EventData.of(left))),
        new StreamAppend(StreamId.of("sensor-" + tag), ExpectedVersion.noStream(),
            List.of(EventData.of(right)))));
    written.add(left);
    written.add(right);
    return written;
  }

  private static List<Object> payloads(List<RecordedEvent<?>> events) {
    List<Object> payloads = new ArrayList<>();
    events.forEach(event -> payloads.add(event.payload()));
    return payloads;
  }

  @Test
  void everyCodecRoundTripsPayloadsThroughEveryWritePathAndRead() throws Exception {
    List<EventCodec> codecs =
        List.of(JacksonCodec.json(), JacksonCodec.cbor(), new DataStreamCodec());
    for (EventCodec codec : codecs) {
      try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
          PostgresEventStore store = builder(db).codec(codec).build()) {
        List<Object> written = appendAllPaths(store, "x");
        List<RecordedEvent<?>> log = store.readAll(GlobalPosition.START, 100);
        assertEquals(written, payloads(log), codec.name());
        assertEquals(written.subList(0, 4), payloads(store.readStream(StreamId.of("order-xa"))));
        assertEquals(Metadata.empty().with("k", "x"), log.get(1).metadata());
        assertEquals(List.of(written.get(5)), payloads(store.readAll(GlobalPosition.START, 100,
            EventFilter.categories("sensor")).events()), "filtered by category");
        assertEquals(List.of(written.get(0), written.get(4)), payloads(store.readAll(
            GlobalPosition.START, 100, EventFilter.types("Ordered")).events()), "by type");
        boolean json = codec.format() == EventCodec.Format.JSON;
        assertEquals(6, db.count("SELECT count(*) FROM %s.events WHERE codec = '"
            + (json ? "" : codec.name()) + "' AND (data IS NULL) = " + !json
            + " AND (octet_length(binary_data) = 0) = " + json), codec.name());
      }
    }
  }

  @Test
  void jsonPayloadsStayQueryableFromSql() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = builder(db).build()) {
      appendAllPaths(store, "q");
      assertEquals(2, db.count("SELECT count(*) FROM %s.events WHERE data->>'id' LIKE 'o-%'"));
    }
  }

  @Test
  void aStoreChangesCodecWithoutRewritingHistoryAndBack() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      List<Object> written = new ArrayList<>();
      try (PostgresEventStore json = builder(db).build()) {
        written.addAll(appendAllPaths(json, "j"));
      }
      try (PostgresEventStore cbor = builder(db).codec(JacksonCodec.cbor()).build()) {
        written.addAll(appendAllPaths(cbor, "c"));
        assertEquals(written, payloads(cbor.readAll(GlobalPosition.START, 100)), "json, cbor");
      }
      try (PostgresEventStore data = builder(db).codec(new DataStreamCodec()).build()) {
        written.addAll(appendAllPaths(data, "d"));
        assertEquals(written, payloads(data.readAll(GlobalPosition.START, 100)));
      }
      try (PostgresEventStore json = builder(db)
          .codec(JacksonCodec.json(), new DataStreamCodec()).build()) {
        written.addAll(appendAllPaths(json, "k"));
        assertEquals(written, payloads(json.readAll(GlobalPosition.START, 100)), "back to json");
        assertEquals(written.subList(6, 10), payloads(json.readStream(StreamId.of("order-ca"))));
      }
      assertEquals(6, db.count("SELECT count(*) FROM %s.events WHERE codec = 'cbor'"));
      assertEquals(12, db.count("SELECT count(*) FROM %s.events WHERE codec = ''"));
    }
  }

  @Test
  void anEventOfACodecTheStoreDoesNotHaveIsUndecodableNamingTheCodec() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      try (PostgresEventStore data = builder(db).codec(new DataStreamCodec()).build()) {
        data.append(ORDER, ExpectedVersion.noStream(), List.of(EventData.of(order(1))));
      }
      try (PostgresEventStore json = builder(db).build()) {
        RecordedEvent<?> raw = json.readAll(GlobalPosition.START, 10,
            EventFilter.all().deliveringUndecodable()).events().get(0);
        UndecodableEvent envelope = (UndecodableEvent) raw.payload();
        assertTrue(envelope.reason().contains("codec 'datastream'"), envelope.reason());
        assertTrue(envelope.reason().contains("alsoReading"), envelope.reason());
        assertTrue(envelope.data().startsWith("datastream:"), envelope.data());
      }
    }
  }

  @Test
  void aRetriedBinaryAppendIsIdempotentAndAReusedIdIsRefused() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = builder(db).codec(JacksonCodec.cbor()).build()) {
      EventId id = EventId.random();
      List<EventData<?>> events = List.of(new EventData<>(id, order(1), Metadata.empty()));
      AppendResult first = store.append(ORDER, ExpectedVersion.noStream(), events);
      assertEquals(first, store.append(ORDER, ExpectedVersion.noStream(), events), "direct path");
      StreamAppend both = new StreamAppend(ORDER, ExpectedVersion.noStream(), events);
      assertEquals(first, store.append(List.of(both)), "the function");
      assertThrows(DuplicateEventIdException.class, () -> store.append(ORDER,
          ExpectedVersion.noStream(), List.of(new EventData<>(id, order(2), Metadata.empty()))));
      assertEquals(1, store.readStream(ORDER).size());
    }
  }

  @Test
  void anEventWrittenByAnotherCodecIsNotTheSameEventOnRetry() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      EventId id = EventId.random();
      List<EventData<?>> events = List.of(new EventData<>(id, order(1), Metadata.empty()));
      try (PostgresEventStore cbor = builder(db).codec(JacksonCodec.cbor()).build()) {
        cbor.append(ORDER, ExpectedVersion.noStream(), events);
      }
      try (PostgresEventStore json = builder(db).build()) {
        assertThrows(DuplicateEventIdException.class,
            () -> json.append(ORDER, ExpectedVersion.noStream(), events));
        assertEquals(List.of(order(1)), payloads(json.readStream(ORDER)));
      }
    }
  }

  @Test
  void aPayloadTheCodecCannotEncodeIsRefusedBeforeAnythingIsWritten() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = builder(db).codec(JacksonCodec.cbor()).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
          store.append(ORDER, ExpectedVersion.any(), List.of(EventData.of(order(1)),
              EventData.of(new CodecEvent.Reading("lone \ud800", 1)))));
      assertTrue(e.getMessage().contains("event 1 (Reading)"), e.getMessage());
      assertTrue(e.getMessage().contains("codec 'cbor'"), e.getMessage());
      assertEquals(0, db.count("SELECT count(*) FROM %s.events"));
    }
  }

  @Test
  void aPayloadTheCodecWritesButCannotReadBackIsRefusedBeforeAnythingIsWritten() throws Exception {
    for (EventCodec codec : List.of(JacksonCodec.json(), JacksonCodec.cbor())) {
      try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
          PostgresEventStore store = builder(db).codec(codec).build()) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            store.append(ORDER, ExpectedVersion.any(), List.of(EventData.of(order(1)),
                EventData.of(new CodecEvent.Typed(new CodecEvent.Reading("s", 1))))));
        assertTrue(e.getMessage().contains("event 1 (Typed)"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be read back"), e.getMessage());
        assertEquals(0, db.count("SELECT count(*) FROM %s.events"), codec.name());
      }
    }
  }

  @Test
  void snapshotsAreKeptByTheStoresCodecAndReadByTheOneThatWroteThem() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      Snapshot<CodecEvent.Ordered> snapshot = new Snapshot<>(ORDER, Version.of(3), 1, order(7));
      try (PostgresEventStore cbor = builder(db).codec(JacksonCodec.cbor()).build()) {
        PostgresSnapshotStore.of(cbor).save(snapshot);
        assertEquals(snapshot, PostgresSnapshotStore.of(cbor)
            .load(ORDER, CodecEvent.Ordered.class).orElseThrow());
      }
      assertEquals(1, db.count("SELECT count(*) FROM %s.snapshots WHERE codec = 'cbor'"
          + " AND state IS NULL"));
      try (PostgresEventStore json = builder(db).build()) {
        assertEquals(snapshot, PostgresSnapshotStore.of(json)
            .load(ORDER, CodecEvent.Ordered.class).orElseThrow());
      }
    }
  }

  @Test
  void concurrentBinaryAppendsShareGroupCommits() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = builder(db).maxPoolSize(6).groupCommit(true)
            .codec(JacksonCodec.cbor()).build()) {
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 6; t++) {
        StreamId stream = StreamId.of("sensor-" + t);
        threads.add(new Thread(() -> {
          try {
            for (int i = 0; i < 40; i++) {
              store.append(stream, ExpectedVersion.exactly(Version.of(i)),
                  List.of(EventData.of(new CodecEvent.Reading(stream.value(), i))));
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      assertEquals(List.of(), failures);
      for (int t = 0; t < 6; t++) {
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          expected.add(new CodecEvent.Reading("sensor-" + t, i));
        }
        assertEquals(expected, payloads(store.readStream(StreamId.of("sensor-" + t))));
      }
      assertEquals(240, db.count("SELECT count(*) FROM %s.events WHERE codec = 'cbor'"));
    }
  }

  /** A snapshot state with a double. */
  record Gauge(double value) {}

  @Test
  void aSnapshotStateIsHeldToTheRulesOfItsCodec() throws Exception {
    Snapshot<Gauge> nan = new Snapshot<>(ORDER, Version.of(1), 1, new Gauge(Double.NaN));
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      try (PostgresEventStore json = builder(db).build()) {
        EventStoreException e = assertThrows(EventStoreException.class,
            () -> PostgresSnapshotStore.of(json).save(nan));
        assertTrue(e.getMessage().startsWith("the state of order-1 at version 1 "),
            e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
      }
      try (PostgresEventStore cbor = builder(db).codec(JacksonCodec.cbor()).build()) {
        PostgresSnapshotStore.of(cbor).save(nan);
        assertEquals(nan, PostgresSnapshotStore.of(cbor).load(ORDER, Gauge.class).orElseThrow());
      }
    }
  }

  @Test
  void codecsAreCheckedWhenGiven() {
    EventCodec binaryJson = new DataStreamCodec() {
      @Override
      public String name() {
        return "json";
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PostgresEventStore.builder().codec(binaryJson));
    assertTrue(e.getMessage().contains("binary but named 'json'"), e.getMessage());
    assertEquals("codec", assertThrows(NullPointerException.class,
        () -> PostgresEventStore.builder().codec(null)).getMessage());
    assertEquals("alsoReading[0]", assertThrows(NullPointerException.class, () ->
        PostgresEventStore.builder().codec(JacksonCodec.json(), (EventCodec) null)).getMessage());
    EventCodec badName = new DataStreamCodec() {
      @Override
      public String name() {
        return "Data Stream";
      }
    };
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> PostgresEventStore.builder().codec(JacksonCodec.cbor(), badName)).getMessage()
        .contains("'Data Stream'"));
  }

  @Test
  void twoCodecsOfOneNameAreRefusedAtBuild() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder(db)
          .codec(new DataStreamCodec(), new DataStreamCodec()).build());
      assertTrue(e.getMessage().contains("two codecs are named 'datastream'"), e.getMessage());
    }
  }
}
