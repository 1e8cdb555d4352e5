package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Reading a stream into a callback ({@link EventStore#readStream(StreamId, Version, Consumer)})
 * and reading its payloads for folding ({@link EventStore#readPayloads}) hand over exactly what
 * the list reads return, in version order, across every page and chunk boundary an adapter may
 * have (streams of 0 to 2,600 events cross 250, 1,000 and 1,250), and a failing callback leaves
 * the store usable.
 *
 * @since 0.1.0
 */
public abstract class StreamingReadContract extends StoreContract {
  /** Lengths around the page and chunk boundaries adapters use. */
  private static final int[] LENGTHS = {0, 1, 249, 250, 251, 1_000, 1_001, 1_250, 1_251, 2_600};

  private static StreamId streamOf(int length) {
    return StreamId.of("streaming-" + length);
  }

  /** Appends {@code count} events to {@code stream}, at most 500 per append. */
  private static void fill(EventStore store, StreamId stream, int count) {
    for (int written = 0; written < count; written += 500) {
      store.append(stream, ExpectedVersion.any(),
          noted("e" + written + "-", Math.min(500, count - written)));
    }
  }

  private static List<RecordedEvent<?>> streamed(EventStore store, StreamId stream, Version from) {
    List<RecordedEvent<?>> events = new ArrayList<>();
    long count = store.readStream(stream, from, events::add);
    assertEquals(events.size(), count, "the count returned");
    return events;
  }

  /** The payload read from {@code from}, checked against {@code events} (the stream read's). */
  private static void assertPayloads(
      EventStore store, StreamId stream, Version from, List<RecordedEvent<?>> events) {
    List<Object> payloads = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    long count = store.readPayloads(stream, from, (payload, version) -> {
      payloads.add(payload);
      versions.add(version);
    });
    assertEquals(payloads.size(), count, "the count returned");
    assertEquals(versions(events), versions, "payload versions of " + stream + " from " + from);
    List<Object> expected = new ArrayList<>(events.size());
    for (RecordedEvent<?> event : events) {
      expected.add(event.payload());
    }
    assertEquals(expected, payloads, "payloads of " + stream + " from " + from);
  }

  private static List<Long> versions(List<RecordedEvent<?>> events) {
    List<Long> versions = new ArrayList<>(events.size());
    for (RecordedEvent<?> event : events) {
      versions.add(event.version().value());
    }
    return versions;
  }

  @Test
  void theStreamingReadHandsOverWhatTheListReadsReturnAcrossEveryBoundary() {
    EventStore store = openStore();
    for (int length : LENGTHS) {
      fill(store, streamOf(length), length);
    }
    for (int length : LENGTHS) {
      StreamId stream = streamOf(length);
      List<RecordedEvent<?>> whole = store.readStream(stream);
      assertEquals(length, whole.size(), "readStream of " + stream);
      assertEquals(whole, streamed(store, stream, Version.NONE), "streamed " + stream);
      for (long from : new long[] {1, 250, 251, 1_001, 1_251, length, length + 1L}) {
        List<RecordedEvent<?>> expected =
            whole.subList((int) Math.min(Math.max(from, 1) - 1, length), length);
        assertEquals(expected, streamed(store, stream, Version.of(from)),
            "streamed " + stream + " from " + from);
        assertPayloads(store, stream, Version.of(from), expected);
      }
      assertPayloads(store, stream, Version.NONE, whole);
      for (int max : new int[] {1, 250, 251, 1_000, 1_250, 1_251, 5_000}) {
        assertEquals(whole.subList(0, Math.min(max, length)),
            store.readStream(stream, Version.NONE, max), "readStream " + stream + " max " + max);
      }
    }
  }

  @Test
  void aStreamingReadFromAnyVersionHandsOverTheContiguousRestOfTheStream() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("streaming-property");
    int length = scale().propertyExamples() >= 100 ? 1_300 : 400;
    fill(store, stream, length);
    List<RecordedEvent<?>> whole = store.readStream(stream);
    qt().withFixedSeed(20_261_206L).withExamples(scale().propertyExamples())
        .forAll(integers().between(0, length + 2))
        .checkAssert(from -> {
          List<RecordedEvent<?>> events = streamed(store, stream, Version.of(from));
          int first = Math.min(Math.max(from, 1), length + 1);
          assertEquals(length - first + 1, events.size(), "events from " + from);
          for (int i = 0; i < events.size(); i++) {
            assertEquals(first + i, events.get(i).version().value(), "version at " + i);
            assertEquals(whole.get(first - 1 + i), events.get(i));
          }
          assertPayloads(store, stream, Version.of(from), events);
        });
  }

  @Test
  void anExceptionFromTheCallbackStopsTheReadAndTheStoreStaysUsable() {
    EventStore store = openStore();
    StreamId stream = streamOf(1_500);
    fill(store, stream, 1_500);
    for (int stopAt : new int[] {1, 250, 251, 1_001, 1_400}) {
      for (int round = 0; round < 8; round++) { // more reads than a small pool has connections
        AtomicInteger handed = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> store.readStream(stream, Version.NONE, event -> {
              if (handed.incrementAndGet() == stopAt) {
                throw new IllegalStateException("stop at " + stopAt);
              }
            }));
        assertEquals("stop at " + stopAt, thrown.getMessage());
        assertEquals(stopAt, handed.get(), "no event handed over after the exception");
        AtomicInteger payloads = new AtomicInteger();
        IllegalStateException folding = assertThrows(IllegalStateException.class,
            () -> store.readPayloads(stream, Version.NONE, (payload, version) -> {
              if (payloads.incrementAndGet() == stopAt) {
                throw new IllegalStateException("fold stops at " + stopAt);
              }
            }));
        assertEquals("fold stops at " + stopAt, folding.getMessage());
        assertEquals(stopAt, payloads.get(), "no payload handed over after the exception");
      }
    }
    assertEquals(1_500, streamed(store, stream, Version.NONE).size());
    store.append(stream, ExpectedVersion.exactly(Version.of(1_500)), noted("after", 1));
    assertEquals(1_501, store.currentVersion(stream).value());
  }

  @Test
  void aStreamingReadDuringAppendsHandsOverAContiguousPrefixOfTheStream() throws Exception {
    EventStore store = openStore();
    StreamId stream = StreamId.of("streaming-concurrent");
    fill(store, stream, 300);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = threads.submit(() -> {
        for (int i = 0; i < 60; i++) {
          store.append(stream, ExpectedVersion.any(), noted("w" + i + "-", 25));
        }
        writing.set(false);
        return null;
      });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        boolean payloadsOnly = r == 1;
        readers.add(threads.submit(() -> {
          int reads = 0;
          do {
            long before = store.currentVersion(stream).value();
            List<Long> versions = new ArrayList<>();
            if (payloadsOnly) {
              store.readPayloads(stream, Version.NONE, (payload, version) -> versions.add(version));
            } else {
              versions.addAll(versions(streamed(store, stream, Version.NONE)));
            }
            assertTrue(versions.size() >= before, versions.size() + " events, fewer than " + before);
            for (int i = 0; i < versions.size(); i++) {
              assertEquals(i + 1, versions.get(i), "a gap in the streamed events");
            }
            reads++;
          } while (writing.get());
          return reads;
        }));
      }
      writer.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
      for (Future<Integer> reader : readers) {
        assertTrue(reader.get(timeout().toMillis(), TimeUnit.MILLISECONDS) >= 1);
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(1_800, streamed(store, stream, Version.NONE).size());
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("streaming-null");
    assertEquals("stream", assertThrows(NullPointerException.class,
        () -> store.readStream(null, Version.NONE, event -> { })).getMessage());
    assertEquals("from", assertThrows(NullPointerException.class,
        () -> store.readStream(stream, null, event -> { })).getMessage());
    assertEquals("action", assertThrows(NullPointerException.class,
        () -> store.readStream(stream, Version.NONE,
            (Consumer<RecordedEvent<?>>) null)).getMessage());
    assertEquals("stream", assertThrows(NullPointerException.class,
        () -> store.readPayloads(null, Version.NONE, (payload, version) -> { })).getMessage());
    assertEquals("from", assertThrows(NullPointerException.class,
        () -> store.readPayloads(stream, null, (payload, version) -> { })).getMessage());
    assertEquals("action", assertThrows(NullPointerException.class,
        () -> store.readPayloads(stream, Version.NONE, null)).getMessage());
  }
}
