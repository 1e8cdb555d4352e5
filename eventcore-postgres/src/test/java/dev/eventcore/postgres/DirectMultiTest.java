package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.sql.Connection;
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
 * The direct multi-stream append (one INSERT for a lone append over several streams on exact
 * versions) writes exactly what the append would write through the function, all or nothing:
 * generated appends over streams of generated lengths, with right and wrong expected versions and
 * stored event ids, get the outcome of a simple model, and the direct statement itself writes
 * precisely the appends the model accepts. Concurrent writers over the same streams in opposite
 * orders never deadlock, and each stream's events stay in log order.
 */
class DirectMultiTest {
  private static PostgresTestDatabase db;
  private static PostgresEventStore store;
  private static AppendWriter writer;
  private static DirectMulti direct;
  private static final AtomicInteger EXAMPLES = new AtomicInteger();

  @BeforeAll
  static void open() {
    db = PostgresTestDatabase.newSchema();
    store = db.builder().maxPoolSize(6).build();
    Codecs codecs = Codecs.of(EventTypes.of(TestEvent.class), null, List.of(),
        StoreLimits.defaults().maxEventBytes());
    writer = new AppendWriter(store.dataSource(), SchemaNames.of(store), codecs,
        StoreLimits.defaults().maxAppendBytes(), Observer.NONE);
    direct = new DirectMulti(SchemaNames.of(store), codecs);
  }

  @AfterAll
  static void close() throws Exception {
    store.close();
    db.close();
  }

  /** One stream of a generated append: its prior length, expectation, events and id kind. */
  record Part(int length, int expectation, int events, int id) {
    static final int EXPECTATIONS = 3; // exact (no stream at 0), exact + 1, exact - 1 (or + 2)
  }

  private static ExpectedVersion expectation(Part part) {
    long length = part.length();
    switch (part.expectation()) {
      case 0:
        return length == 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(Version.of(length));
      case 1:
        return ExpectedVersion.exactly(Version.of(length + 1));
      default:
        return length == 0 ? ExpectedVersion.exactly(Version.of(2))
            : ExpectedVersion.exactly(Version.of(length - 1));
    }
  }

  private static AppendWriter.Encoded encode(AppendWriter with, List<PreparedStream> parts) {
    return with.encode(new PreparedAppend(parts,
        parts.stream().mapToInt(p -> p.events().size()).sum()));
  }

  private static PreparedEvent event(EventId id, long n) {
    return new PreparedEvent(id, "Numbered", new TestEvent.Numbered(n), Metadata.empty());
  }

  @Test
  void anAppendIsWrittenWhollyWhenEveryVersionHoldsAndNotAtAllOtherwise() {
    qt().withFixedSeed(20_261_207L).withExamples(120)
        .forAll(lists().of(integers().between(0, 3).zip(
            integers().between(0, Part.EXPECTATIONS - 1), integers().between(1, 3),
            integers().between(0, 9), (length, expectation, events, id) ->
                new Part(length, expectation, events, id == 0 ? 1 : 0)))
            .ofSizeBetween(2, 4))
        .checkAssert(parts -> {
          String example = "m" + EXAMPLES.incrementAndGet() + "-";
          StreamId elsewhere = StreamId.of(example + "elsewhere");
          EventData<TestEvent> foreign = EventData.of(new TestEvent.Numbered(-1));
          store.append(elsewhere, ExpectedVersion.noStream(), List.of(foreign));
          List<StreamId> streams = new ArrayList<>();
          List<PreparedStream> prepared = new ArrayList<>();
          boolean duplicate = false;
          boolean versionsHold = true;
          for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            StreamId stream = StreamId.of(example + i);
            streams.add(stream);
            for (int k = 0; k < part.length(); k++) {
              store.append(stream, ExpectedVersion.any(),
                  List.of(EventData.of(new TestEvent.Numbered(k))));
            }
            List<PreparedEvent> events = new ArrayList<>();
            for (int k = 0; k < part.events(); k++) {
              boolean reuse = part.id() == 1 && k == 0 && !duplicate; // an append's ids differ
              events.add(event(reuse ? foreign.id() : EventId.random(), i * 10L + k));
              duplicate |= reuse;
            }
            versionsHold &= part.expectation() == 0;
            prepared.add(new PreparedStream(stream, expectation(part), events));
          }
          AppendWriter.Encoded encoded = encode(writer, prepared);
          assertTrue(DirectMulti.applies(encoded.append()));
          boolean accepted = versionsHold && !duplicate;

          AppendResult written;
          try (Connection connection = store.dataSource().getConnection()) {
            written = direct.write(connection, encoded);
          } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
          }
          assertEquals(accepted, written != null, "the direct statement writes exactly what holds");
          if (written == null) { // the function decides what the statement left, as a store would
            AppendWriter.Outcome outcome = writer.write(List.of(encoded)).get(0);
            if (duplicate) {
              assertInstanceOf(DuplicateEventIdException.class, outcome.failure());
            } else {
              assertInstanceOf(WrongExpectedVersionException.class, outcome.failure());
            }
          }
          long tx = -1;
          long ordinal = 0;
          for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            List<RecordedEvent<?>> events = store.readStream(streams.get(i));
            if (!accepted) {
              assertEquals(part.length(), events.size(), "nothing written to " + streams.get(i));
              continue;
            }
            assertEquals(Version.of(part.length() + part.events()), written.version(streams.get(i)));
            assertEquals(part.length() + part.events(), events.size());
            for (int k = 0; k < part.events(); k++) {
              RecordedEvent<?> event = events.get(part.length() + k);
              assertEquals(new TestEvent.Numbered(i * 10L + k), event.payload());
              long eventTx = event.position().value() >> Positions.ORDINAL_BITS;
              tx = tx < 0 ? eventTx : tx;
              assertEquals(tx, eventTx, "one transaction");
              assertEquals(ordinal++, Positions.ordinal(event.position()), "in the append's order");
            }
          }
          if (accepted) {
            assertEquals(written.firstPosition().value() + ordinal - 1,
                written.lastPosition().value());
          }
          assertEquals(1, store.readStream(elsewhere).size(), "the foreign id's stream unchanged");
        });
  }

  @Test
  void aBinaryCodecsAppendIsWrittenInItsColumnsAndReadsBack() throws Exception {
    EventTypes types = EventTypes.of(TestEvent.class);
    Codecs cborCodecs = Codecs.of(types, JacksonCodec.cbor(), List.of(),
        StoreLimits.defaults().maxEventBytes());
    AppendWriter cbor = new AppendWriter(store.dataSource(), SchemaNames.of(store), cborCodecs,
        StoreLimits.defaults().maxAppendBytes(), Observer.NONE);
    AppendWriter.Encoded encoded = encode(cbor, List.of(
        new PreparedStream(StreamId.of("cbor-m-a"), ExpectedVersion.noStream(),
            List.of(event(EventId.random(), 1), event(EventId.random(), 2))),
        new PreparedStream(StreamId.of("cbor-m-b"), ExpectedVersion.noStream(),
            List.of(event(EventId.random(), 3)))));
    try (Connection connection = store.dataSource().getConnection()) {
      assertNotNull(new DirectMulti(SchemaNames.of(store), cborCodecs).write(connection, encoded));
    }
    try (PostgresEventStore reader = db.builder().codec(JacksonCodec.cbor()).maxPoolSize(3).build()) {
      assertEquals(List.of(new TestEvent.Numbered(1), new TestEvent.Numbered(2)),
          reader.readStream(StreamId.of("cbor-m-a")).stream().map(RecordedEvent::payload).toList());
      assertEquals(new TestEvent.Numbered(3),
          reader.readStream(StreamId.of("cbor-m-b")).get(0).payload());
    }
  }

  @Test
  void concurrentWritersOverTheSameStreamsInOppositeOrdersKeepVersionsAndLogOrder()
      throws Exception {
    int rounds = 100;
    StreamId a = StreamId.of("pair-a");
    StreamId b = StreamId.of("pair-b");
    ExecutorService threads = Executors.newFixedThreadPool(4);
    AtomicInteger conflicts = new AtomicInteger();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        boolean reversed = t % 2 == 1;
        int thread = t;
        all.add(threads.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            while (true) { // decide on what was read, retry on a conflict: a command's loop
              List<PreparedStream> parts = new ArrayList<>();
              for (StreamId stream : reversed ? List.of(b, a) : List.of(a, b)) {
                long version = store.currentVersion(stream).value();
                parts.add(new PreparedStream(stream, version == 0 ? ExpectedVersion.noStream()
                    : ExpectedVersion.exactly(Version.of(version)),
                    List.of(event(EventId.random(), thread * 10_000L + r))));
              }
              AppendWriter.Outcome outcome = writer.write(List.of(encode(writer, parts))).get(0);
              if (outcome.failure() == null) {
                break;
              }
              assertInstanceOf(WrongExpectedVersionException.class, outcome.failure());
              conflicts.incrementAndGet();
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
    for (StreamId stream : List.of(a, b)) {
      List<RecordedEvent<?>> events = store.readStream(stream);
      assertEquals(4 * rounds, events.size());
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i + 1, events.get(i).version().value(), "gapless versions");
        if (i > 0) {
          assertTrue(events.get(i).position().compareTo(events.get(i - 1).position()) > 0,
              "a stream's events in log order");
        }
      }
    }
  }
}
