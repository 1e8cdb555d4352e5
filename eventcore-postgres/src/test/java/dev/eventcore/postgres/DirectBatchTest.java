package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The direct batch (single-event appends to distinct streams in one INSERT) decides every append
 * of a batch as the append would be decided alone: generated batches over streams of generated
 * lengths, with every kind of expectation and reused event ids, get the outcomes of a simple model
 * and leave exactly the events the model says; appends it cannot decide go on to the function in
 * the same call. Concurrent batches over the same streams in opposite orders never deadlock.
 */
class DirectBatchTest {
  private static PostgresTestDatabase db;
  private static PostgresEventStore store;
  private static AppendWriter writer;
  private static final AtomicInteger EXAMPLES = new AtomicInteger();

  @BeforeAll
  static void open() {
    db = PostgresTestDatabase.newSchema();
    store = db.builder().maxPoolSize(6).build();
    EventTypes types = EventTypes.of(TestEvent.class);
    writer = new AppendWriter(store.dataSource(), SchemaNames.of(store),
        Codecs.of(types, null, List.of(), StoreLimits.defaults().maxEventBytes()),
        StoreLimits.defaults().maxAppendBytes(), Observer.NONE);
  }

  @AfterAll
  static void close() throws Exception {
    store.close();
    db.close();
  }

  private static AppendWriter.Encoded single(StreamId stream, ExpectedVersion expected, EventId id,
      long n) {
    PreparedEvent event =
        new PreparedEvent(id, "Numbered", new TestEvent.Numbered(n), Metadata.empty());
    return writer.encode(
        new PreparedAppend(List.of(new PreparedStream(stream, expected, List.of(event))), 1));
  }

  /** One append of a generated batch: its stream's prior length, expectation and id kind. */
  record Slot(int length, int expectation, int id) {
    static final int EXPECTATIONS = 6; // no stream, exact, exact + 1, exact - 1, any, exists
    static final int IDS = 2; // a new id, or the id of an event stored in another stream
  }

  @Test
  void everyAppendOfABatchGetsTheOutcomeItWouldGetAlone() {
    qt().withFixedSeed(20_261_206L).withExamples(150)
        .forAll(lists().of(integers().between(0, 3).zip(
            integers().between(0, Slot.EXPECTATIONS - 1), integers().between(0, Slot.IDS - 1),
            Slot::new)).ofSizeBetween(2, 12))
        .checkAssert(slots -> {
          String example = "x" + EXAMPLES.incrementAndGet() + "-";
          List<StreamId> streams = new ArrayList<>();
          List<EventId> stored = new ArrayList<>();
          for (int i = 0; i < slots.size(); i++) {
            StreamId stream = StreamId.of(example + i);
            streams.add(stream);
            for (int k = 0; k < slots.get(i).length(); k++) {
              EventData<TestEvent> data = EventData.of(new TestEvent.Numbered(k));
              store.append(stream, ExpectedVersion.any(), List.of(data));
              stored.add(data.id());
            }
          }
          StreamId elsewhere = StreamId.of(example + "elsewhere");
          EventData<TestEvent> foreign = EventData.of(new TestEvent.Numbered(-1));
          store.append(elsewhere, ExpectedVersion.noStream(), List.of(foreign));

          List<AppendWriter.Encoded> batch = new ArrayList<>();
          for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            batch.add(single(streams.get(i), expectation(slot), slot.id() == 0
                ? EventId.random() : foreign.id(), i));
          }
          assertEquals(slots.stream().filter(s -> s.id() == 1).count() <= 1,
              DirectBatch.applies(batch), "the direct path takes batches without a repeated id");

          List<AppendWriter.Outcome> outcomes = writer.write(batch);

          assertEquals(slots.size(), outcomes.size());
          for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            AppendWriter.Outcome outcome = outcomes.get(i);
            StreamId stream = streams.get(i);
            if (slot.id() == 1) { // an id stored elsewhere is refused first, as in memory
              DuplicateEventIdException duplicate =
                  assertInstanceOf(DuplicateEventIdException.class, outcome.failure());
              assertEquals(foreign.id(), duplicate.eventId());
              assertEquals(slot.length(), store.currentVersion(stream).value());
            } else if (!versionHolds(slot)) {
              WrongExpectedVersionException miss =
                  assertInstanceOf(WrongExpectedVersionException.class, outcome.failure());
              assertEquals(Version.of(slot.length()), miss.actual());
              assertEquals(slot.length(), store.currentVersion(stream).value());
            } else {
              assertNull(outcome.failure(), () -> String.valueOf(outcome.failure()));
              AppendResult result = outcome.get();
              assertEquals(Version.of(slot.length() + 1L), result.version(stream));
              List<RecordedEvent<?>> events = store.readStream(stream);
              assertEquals(slot.length() + 1, events.size());
              RecordedEvent<?> last = events.get(events.size() - 1);
              assertEquals(result.lastPosition(), last.position());
              assertEquals(new TestEvent.Numbered(i), last.payload());
            }
          }
          assertEquals(1, store.readStream(elsewhere).size(), "the foreign id's stream unchanged");
        });
  }

  private static ExpectedVersion expectation(Slot slot) {
    long length = slot.length();
    switch (slot.expectation()) {
      case 0:
        return ExpectedVersion.noStream();
      case 1:
        return length == 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(Version.of(length));
      case 2:
        return ExpectedVersion.exactly(Version.of(length + 1));
      case 3:
        return length <= 1 ? ExpectedVersion.exactly(Version.of(length + 2))
            : ExpectedVersion.exactly(Version.of(length - 1));
      case 4:
        return ExpectedVersion.any();
      default:
        return ExpectedVersion.streamExists();
    }
  }

  private static boolean versionHolds(Slot slot) {
    switch (slot.expectation()) {
      case 0:
        return slot.length() == 0;
      case 1:
      case 4:
        return true;
      case 5:
        return slot.length() > 0;
      default:
        return false;
    }
  }

  @Test
  void aBatchOfNewStreamsIsOneTransactionWithTheAppendsAtTheirIndexes() {
    List<AppendWriter.Encoded> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      batch.add(single(StreamId.of("fresh-" + i), ExpectedVersion.noStream(), EventId.random(), i));
    }
    assertTrue(DirectBatch.applies(batch));
    List<AppendWriter.Outcome> outcomes = writer.write(batch);
    long tx = outcomes.get(0).get().firstPosition().value() >> Positions.ORDINAL_BITS;
    for (int i = 0; i < 20; i++) {
      AppendResult result = outcomes.get(i).get();
      assertEquals(tx, result.firstPosition().value() >> Positions.ORDINAL_BITS, "one commit");
      assertEquals(i, Positions.ordinal(result.firstPosition()), "ordinal = index in the batch");
      assertEquals(result.firstPosition(), result.lastPosition());
      assertNotNull(store.readStream(StreamId.of("fresh-" + i)).get(0));
    }
  }

  @Test
  void aBinaryCodecsBatchIsWrittenInItsColumnsAndReadsBack() {
    EventTypes types = EventTypes.of(TestEvent.class);
    AppendWriter cbor = new AppendWriter(store.dataSource(), SchemaNames.of(store),
        Codecs.of(types, JacksonCodec.cbor(), List.of(), StoreLimits.defaults().maxEventBytes()),
        StoreLimits.defaults().maxAppendBytes(), Observer.NONE);
    List<AppendWriter.Encoded> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      PreparedEvent event = new PreparedEvent(
          EventId.random(), "Numbered", new TestEvent.Numbered(100 + i), Metadata.empty());
      batch.add(cbor.encode(new PreparedAppend(List.of(new PreparedStream(
          StreamId.of("cbor-" + i), ExpectedVersion.noStream(), List.of(event))), 1)));
    }
    assertTrue(DirectBatch.applies(batch));
    for (AppendWriter.Outcome outcome : cbor.write(batch)) {
      outcome.get();
    }
    try (PostgresEventStore reader = db.builder().codec(JacksonCodec.cbor()).maxPoolSize(3).build()) {
      for (int i = 0; i < 5; i++) {
        assertEquals(new TestEvent.Numbered(100 + i),
            reader.readStream(StreamId.of("cbor-" + i)).get(0).payload());
      }
    }
  }

  @Test
  void concurrentBatchesOverTheSameStreamsInOppositeOrdersNeverDeadlock() throws Exception {
    int streams = 8;
    int rounds = 150;
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        boolean reversed = t % 2 == 1;
        int thread = t;
        all.add(threads.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            List<AppendWriter.Encoded> batch = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
              int index = reversed ? streams - 1 - s : s;
              batch.add(single(StreamId.of("hot-" + index), ExpectedVersion.any(),
                  EventId.random(), thread * 10_000L + r));
            }
            for (AppendWriter.Outcome outcome : writer.write(batch)) {
              outcome.get(); // any expectation: every append is written
            }
          }
          return null;
        }));
      }
      for (Future<?> future : all) {
        future.get(3, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
    for (int s = 0; s < streams; s++) {
      List<RecordedEvent<?>> events = store.readStream(StreamId.of("hot-" + s));
      assertEquals(4 * rounds, events.size());
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i + 1, events.get(i).version().value(), "gapless versions");
      }
    }
  }
}
