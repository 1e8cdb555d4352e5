package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The log queries ({@link dev.eventcore.EventQueries}): a stream read backwards is the forward
 * read reversed, from any version and for any count; the log position at a time never leaves an
 * event recorded at or after that time at or before it; the events of a correlation id are exactly
 * those whose metadata carries it, in log order, paged without a gap. Bad arguments are refused by
 * name.
 *
 * @since 0.1.0
 */
public abstract class QueryContract extends StoreContract {

  private static void fill(EventStore store, StreamId stream, int count) {
    for (int written = 0; written < count; written += 500) {
      store.append(stream, ExpectedVersion.any(),
          noted(stream.value() + "-" + written, Math.min(500, count - written)));
    }
  }

  private static List<RecordedEvent<?>> reversed(List<RecordedEvent<?>> events) {
    List<RecordedEvent<?>> copy = new ArrayList<>(events);
    Collections.reverse(copy);
    return copy;
  }

  @Test
  void aBackwardsReadIsTheForwardReadReversedFromAnyVersionForAnyCount() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("backwards-1");
    int length = 1_300;
    fill(store, stream, length);
    List<RecordedEvent<?>> whole = store.readStream(stream);
    assertEquals(reversed(whole.subList(length - 10, length)),
        store.readStreamBackwards(stream, 10), "the newest ten, newest first");
    assertEquals(reversed(whole), store.readStreamBackwards(stream, 5_000), "all, newest first");
    qt().withFixedSeed(20_261_207L).withExamples(scale().propertyExamples())
        .forAll(integers().between(0, length + 3), integers().between(1, length + 3))
        .checkAssert((from, count) -> {
          int last = Math.min(from, length);
          int first = Math.max(1, last - count + 1);
          List<RecordedEvent<?>> expected =
              last < 1 ? List.of() : reversed(whole.subList(first - 1, last));
          assertEquals(expected, store.readStreamBackwards(stream, Version.of(from), count),
              "from " + from + ", count " + count);
        });
    assertEquals(List.of(), store.readStreamBackwards(StreamId.of("backwards-none"), 10));
    assertEquals(List.of(), store.readStreamBackwards(stream, Version.NONE, 10));
  }

  @Test
  void thePositionAtATimeLeavesNoEventRecordedSinceBeforeIt() throws Exception {
    EventStore store = openStore();
    for (int round = 0; round < 4; round++) {
      store.append(StreamId.of("timed-" + round), ExpectedVersion.noStream(),
          noted("round-" + round, 3));
      Thread.sleep(5); // times apart, where the clock allows
    }
    List<RecordedEvent<?>> log = readWholeLog(store);
    assertEquals(12, log.size());
    GlobalPosition beforeAll = store.positionAt(Instant.EPOCH);
    assertEquals(log.get(0), store.readAll(beforeAll, 1).get(0), "every event is since 1970");
    for (RecordedEvent<?> event : log) {
      for (Instant instant : List.of(event.recordedAt(), event.recordedAt().plusNanos(1_000),
          event.recordedAt().minusNanos(1_000))) {
        GlobalPosition at = store.positionAt(instant);
        for (RecordedEvent<?> other : log) {
          if (!other.recordedAt().isBefore(instant)) {
            assertTrue(other.position().isAfter(at), () -> other.describe() + " recorded at "
                + other.recordedAt() + " is not after positionAt(" + instant + ") = " + at);
          }
        }
      }
    }
    GlobalPosition future = store.positionAt(Instant.now().plusSeconds(3_600));
    store.append(StreamId.of("timed-later"), ExpectedVersion.noStream(), noted("later", 1));
    List<RecordedEvent<?>> after = store.readAll(future, 100);
    assertEquals("timed-later", after.get(after.size() - 1).streamId().value(),
        "a later event follows the position of a time nothing was recorded at yet");
    assertEquals("instant", assertThrows(NullPointerException.class,
        () -> store.positionAt(null)).getMessage());
  }

  @Test
  void theEventsOfACorrelationIdComeInLogOrderAndPageWithoutAGap() {
    EventStore store = openStore();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String id = i % 3 == 0 ? "flow-a" : i % 3 == 1 ? "flow-b" : null;
      Metadata metadata = id == null ? Metadata.empty() : Metadata.empty().withCorrelationId(id);
      String text = "event-" + i;
      EventData<?> event = noted(text).withMetadata(metadata);
      StreamId stream = StreamId.of("corr-" + (i % 4));
      if (i % 5 == 0) { // some in multi-stream appends, beside an uncorrelated event
        store.append(List.of(StreamAppend.of(stream, ExpectedVersion.any(), List.of(event)),
            StreamAppend.of(StreamId.of("corr-other"), ExpectedVersion.any(),
                List.of(noted("other-" + i)))));
      } else {
        store.append(stream, ExpectedVersion.any(), List.of(event));
      }
      if ("flow-a".equals(id)) {
        expected.add(text);
      }
    }
    List<RecordedEvent<?>> all = store.readCorrelated("flow-a", GlobalPosition.START, 100);
    assertEquals(expected, texts(all));
    assertStrictlyIncreasing(all, GlobalPosition.START);
    List<RecordedEvent<?>> paged = new ArrayList<>();
    GlobalPosition after = GlobalPosition.START;
    while (true) {
      List<RecordedEvent<?>> page = store.readCorrelated("flow-a", after, 3);
      assertTrue(page.size() <= 3, "at most maxCount");
      if (page.isEmpty()) {
        break;
      }
      paged.addAll(page);
      after = page.get(page.size() - 1).position();
    }
    assertEquals(all, paged, "paging with the last position");
    assertEquals(10, store.readCorrelated("flow-b", GlobalPosition.START, 100).size());
    assertEquals(List.of(), store.readCorrelated("flow-none", GlobalPosition.START, 100));
    assertEquals("correlationId", assertThrows(NullPointerException.class,
        () -> store.readCorrelated(null, GlobalPosition.START, 1)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> store.readCorrelated("", GlobalPosition.START, 1));
    assertEquals("after", assertThrows(NullPointerException.class,
        () -> store.readCorrelated("flow-a", null, 1)).getMessage());
    for (int bad : new int[] {0, -1, 1_000_001}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.readCorrelated("flow-a", GlobalPosition.START, bad));
      assertTrue(e.getMessage().contains("maxCount"), e.getMessage());
    }
  }

  @Test
  void aBackwardsReadRefusesBadArgumentsByName() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("backwards-bad");
    assertEquals("stream", assertThrows(NullPointerException.class,
        () -> store.readStreamBackwards(null, 1)).getMessage());
    assertEquals("from", assertThrows(NullPointerException.class,
        () -> store.readStreamBackwards(stream, null, 1)).getMessage());
    for (int bad : new int[] {0, -1, 1_000_001}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.readStreamBackwards(stream, bad));
      assertTrue(e.getMessage().contains("maxCount"), e.getMessage());
    }
  }

  private static List<String> texts(List<RecordedEvent<?>> events) {
    List<String> texts = new ArrayList<>();
    for (RecordedEvent<?> event : events) {
      texts.add(((ContractEvent.Noted) event.payload()).text());
    }
    return texts;
  }
}
