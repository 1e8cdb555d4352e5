package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.AppendResult;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a stream by version and the store-wide log by position.
 *
 * @since 0.1.0
 */
public abstract class ReadContract extends StoreContract {
  private static final StreamId STREAM = StreamId.of("order-1");
  private static final StreamId OTHER = StreamId.of("order-2");

  private EventStore storeWithInterleavedStreams() {
    EventStore store = openStore();
    for (int i = 1; i <= 5; i++) {
      store.append(STREAM, ExpectedVersion.any(), noted("s" + i, 2));
      store.append(OTHER, ExpectedVersion.any(), noted("o" + i, 1));
    }
    return store;
  }

  private static List<Long> versions(List<RecordedEvent<?>> events) {
    List<Long> versions = new ArrayList<>();
    for (RecordedEvent<?> event : events) {
      versions.add(event.version().value());
    }
    return versions;
  }

  @Test
  void readStreamStartsAtTheGivenVersionInclusiveAndReturnsAtMostMaxCount() {
    EventStore store = storeWithInterleavedStreams();
    assertEquals(List.of(4L, 5L, 6L), versions(store.readStream(STREAM, Version.of(4), 3)));
    assertEquals(List.of(9L, 10L), versions(store.readStream(STREAM, Version.of(9), 100)));
    assertEquals(List.of(10L), versions(store.readStream(STREAM, Version.of(10), 1)));
  }

  @Test
  void readStreamFromVersionNoneOrOneReadsFromTheFirstEvent() {
    EventStore store = storeWithInterleavedStreams();
    assertEquals(List.of(1L, 2L), versions(store.readStream(STREAM, Version.NONE, 2)));
    assertEquals(List.of(1L, 2L), versions(store.readStream(STREAM, Version.of(1), 2)));
  }

  @Test
  void readStreamPastTheEndOrOfAnAbsentStreamIsEmpty() {
    EventStore store = storeWithInterleavedStreams();
    assertEquals(List.of(), store.readStream(STREAM, Version.of(11), 10));
    assertEquals(List.of(), store.readStream(STREAM, Version.of(Long.MAX_VALUE), 10));
    assertEquals(List.of(), store.readStream(StreamId.of("order-3"), Version.NONE, 10));
  }

  @Test
  void readStreamReturnsTheWholeStreamInVersionOrderWithNoOtherStream() {
    EventStore store = storeWithInterleavedStreams();
    List<RecordedEvent<?>> stream = store.readStream(STREAM);
    assertEquals(10, stream.size());
    assertContiguousPerStream(stream);
    assertStrictlyIncreasing(stream, GlobalPosition.START);
    for (RecordedEvent<?> event : stream) {
      assertEquals(STREAM, event.streamId());
    }
    assertEquals(5, store.readStream(OTHER).size());
  }

  @Test
  void aStreamReadAndTheLogAgreeOnEveryEvent() {
    EventStore store = storeWithInterleavedStreams();
    List<RecordedEvent<?>> fromLog = new ArrayList<>();
    for (RecordedEvent<?> event : readWholeLog(store)) {
      if (event.streamId().equals(STREAM)) {
        fromLog.add(event);
      }
    }
    assertEquals(fromLog, store.readStream(STREAM));
  }

  @Test
  void readAllReturnsEventsStrictlyAfterThePositionInPositionOrder() {
    EventStore store = storeWithInterleavedStreams();
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 1_000);
    assertEquals(15, all.size());
    assertStrictlyIncreasing(all, GlobalPosition.START);
    assertContiguousPerStream(all);
    GlobalPosition third = all.get(2).position();
    assertEquals(all.subList(3, 7), store.readAll(third, 4));
    assertEquals(List.of(), store.readAll(all.get(14).position(), 10));
  }

  @Test
  void pagingReadAllWithAnyPageSizeConcatenatesToTheWholeLog() {
    EventStore store = storeWithInterleavedStreams();
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 1_000);
    for (int pageSize = 1; pageSize <= 16; pageSize++) {
      assertEquals(all, readLogAfter(store, GlobalPosition.START, pageSize),
          "page size " + pageSize);
    }
  }

  @Test
  void readAllAfterAPositionBetweenEventsReadsFromTheNextEvent() {
    EventStore store = openStore();
    AppendResult first = store.append(STREAM, ExpectedVersion.any(), noted("a", 1));
    AppendResult second = store.append(STREAM, ExpectedVersion.any(), noted("b", 1));
    GlobalPosition between = GlobalPosition.of(second.firstPosition().value() - 1);
    List<RecordedEvent<?>> read = store.readAll(between, 10);
    if (between.equals(first.lastPosition())) {
      assertEquals(1, read.size(), "dense positions: the event after the first one");
    }
    assertEquals(second.firstPosition(), read.get(0).position());
  }

  @Test
  void readAllBeyondTheEndIsEmpty() {
    EventStore store = storeWithInterleavedStreams();
    assertEquals(List.of(), store.readAll(GlobalPosition.of(Long.MAX_VALUE), 10));
  }

  @Test
  void maxCountOutside1To1000000IsRejected() {
    EventStore store = storeWithInterleavedStreams();
    for (int bad : new int[] {0, -1, Integer.MIN_VALUE, 1_000_001, Integer.MAX_VALUE}) {
      assertThrows(IllegalArgumentException.class, () -> store.readAll(GlobalPosition.START, bad),
          "readAll maxCount " + bad);
      assertThrows(IllegalArgumentException.class,
          () -> store.readStream(STREAM, Version.NONE, bad), "readStream maxCount " + bad);
    }
    assertEquals(15, store.readAll(GlobalPosition.START, 1_000_000).size());
    assertEquals(10, store.readStream(STREAM, Version.NONE, 1_000_000).size());
  }

  @Test
  void aFailedAppendIsInvisibleToEveryRead() {
    EventStore store = storeWithInterleavedStreams();
    List<RecordedEvent<?>> log = readWholeLog(store);
    List<RecordedEvent<?>> stream = store.readStream(STREAM);
    assertThrows(RuntimeException.class,
        () -> store.append(STREAM, ExpectedVersion.exactly(Version.of(3)), noted("x", 5)));
    assertEquals(log, readWholeLog(store));
    assertEquals(stream, store.readStream(STREAM));
    assertEquals(Version.of(10), store.currentVersion(STREAM));
  }
}
