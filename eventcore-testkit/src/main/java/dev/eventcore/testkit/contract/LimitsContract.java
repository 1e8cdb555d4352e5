package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Limits: extreme versions, empty and oversized appends fail with typed errors, not storage
 * errors; large appends that a naive adapter would split wrongly succeed whole.
 *
 * @since 0.1.0
 */
public abstract class LimitsContract extends StoreContract {
  private static final StreamId STREAM = StreamId.of("order-1");

  private EventStore seededStore() {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.noStream(), noted("seed", 2));
    return store;
  }

  private static <T extends Throwable> T assertRejected(EventStore store, Class<T> type,
      Executable append) {
    List<RecordedEvent<?>> before = readWholeLog(store);
    T e = assertThrows(type, append);
    assertEquals(before, readWholeLog(store), "a rejected append writes nothing");
    return e;
  }

  private static List<EventData<ContractEvent>> numberedEvents(String writer, int count) {
    List<EventData<ContractEvent>> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(numbered(writer, i));
    }
    return events;
  }

  @Test
  void expectingTheLargestPossibleVersionIsAnOrdinaryConflict() {
    EventStore store = seededStore();
    ExpectedVersion max = ExpectedVersion.exactly(Version.of(Long.MAX_VALUE));
    WrongExpectedVersionException e = assertRejected(store, WrongExpectedVersionException.class,
        () -> store.append(STREAM, max, noted("x", 1)));
    assertEquals(Version.of(2), e.actual());
    e = assertRejected(store, WrongExpectedVersionException.class,
        () -> store.append(StreamId.of("absent-1"), max, noted("x", 1)));
    assertEquals(Version.NONE, e.actual());
    assertRejected(store, WrongExpectedVersionException.class, () -> store.append(List.of(
        StreamAppend.of(StreamId.of("other-1"), ExpectedVersion.any(), noted("y", 1)),
        StreamAppend.check(STREAM, max))));
  }

  @Test
  void anEmptyAppendNeverTouchesTheStream() {
    EventStore store = seededStore();
    StreamId absent = StreamId.of("absent-1");
    assertRejected(store, IllegalArgumentException.class,
        () -> store.append(absent, ExpectedVersion.noStream(), List.of()));
    assertRejected(store, IllegalArgumentException.class,
        () -> store.append(STREAM, ExpectedVersion.exactly(Version.of(2)), List.of()));
    assertRejected(store, IllegalArgumentException.class,
        () -> store.append(List.of(StreamAppend.check(absent, ExpectedVersion.noStream()))));
    assertEquals(Version.NONE, store.currentVersion(absent));
    assertEquals(Version.of(1),
        store.append(absent, ExpectedVersion.noStream(), noted("a", 1)).nextExpectedVersion());
    assertEquals(Version.of(3), store.append(STREAM, ExpectedVersion.exactly(Version.of(2)),
        noted("b", 1)).nextExpectedVersion());
  }

  @Test
  void anAppendOverTheEventLimitIsRejectedWhole() {
    EventStore store = seededStore();
    int limit = StoreLimits.DEFAULT_MAX_EVENTS_PER_APPEND;
    IllegalArgumentException e = assertRejected(store, IllegalArgumentException.class,
        () -> store.append(StreamId.of("big-1"), ExpectedVersion.any(),
            numberedEvents("over", limit + 1)));
    assertTrue(e.getMessage().contains(Integer.toString(limit)), e.getMessage());
    assertRejected(store, IllegalArgumentException.class, () -> store.append(List.of(
        StreamAppend.of(StreamId.of("big-1"), ExpectedVersion.any(),
            numberedEvents("a", limit / 2)),
        StreamAppend.of(StreamId.of("big-2"), ExpectedVersion.any(),
            numberedEvents("b", limit / 2 + 1)))));
  }

  @Test
  void anAppendOverTheByteLimitIsRefusedBeforeAnythingIsSentNamingTheLimit() {
    EventStore store = seededStore();
    String large = "x".repeat(900_000); // one instance shared: cheap to hold, sized per event
    List<EventData<ContractEvent>> half = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      half.add(EventData.of(new ContractEvent.Noted(large)));
    }
    List<EventData<ContractEvent>> otherHalf = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      otherHalf.add(EventData.of(new ContractEvent.Noted(large)));
    }
    PayloadTooLargeException e = assertRejected(store, PayloadTooLargeException.class,
        () -> store.append(List.of(
            StreamAppend.of(StreamId.of("big-1"), ExpectedVersion.any(), half),
            StreamAppend.of(StreamId.of("big-2"), ExpectedVersion.any(), otherHalf))));
    assertEquals(StoreLimits.DEFAULT_MAX_APPEND_BYTES, e.limit());
    assertTrue(e.size() > e.limit(), e.getMessage());
    assertTrue(e.getMessage().contains("StoreLimits.maxAppendBytes"), e.getMessage());
    assertTrue(e.getMessage().contains("stream big-2"), e.getMessage());
  }

  @Test
  void aTwentyThousandEventAppendSucceedsWhole() {
    EventStore store = seededStore();
    StreamId big = StreamId.of("big-1");
    List<EventData<ContractEvent>> events = numberedEvents("big", 20_000);
    AppendResult result = store.append(big, ExpectedVersion.noStream(), events);
    assertEquals(Version.of(20_000), result.nextExpectedVersion());
    List<RecordedEvent<?>> read = store.readStream(big);
    assertEquals(idsOf(events), recordedIds(read));
    assertContiguousPerStream(read);
    assertEquals(result.firstPosition(), read.get(0).position());
    assertEquals(result.lastPosition(), read.get(19_999).position());
    GlobalPosition seedEnd = store.readStream(STREAM).get(1).position();
    assertEquals(read, readLogAfter(store, seedEnd, 5_000), "the append is one block of the log");
  }

  @Test
  void aTwentyThousandEventAppendOverSeveralStreamsSucceedsWhole() {
    EventStore store = seededStore();
    List<StreamAppend> parts = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      parts.add(StreamAppend.of(StreamId.of("big", Integer.toString(s)), ExpectedVersion.noStream(),
          numberedEvents("big" + s, 5_000)));
    }
    parts.add(StreamAppend.check(STREAM, ExpectedVersion.exactly(Version.of(2))));
    AppendResult result = store.append(parts);
    for (int s = 0; s < 4; s++) {
      StreamId stream = StreamId.of("big", Integer.toString(s));
      assertEquals(Version.of(5_000), result.version(stream));
      assertEquals(idsOf(parts.get(s).events()), recordedIds(store.readStream(stream)));
    }
    assertEquals(20_002, readWholeLog(store).size());
  }

  @Test
  void aPayloadOverTheSizeLimitIsRejectedWithItsSizeAndTheLimit() {
    EventStore store = seededStore();
    EventData<ContractEvent> huge = noted("x".repeat(1_100_000));
    PayloadTooLargeException e = assertRejected(store, PayloadTooLargeException.class,
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(huge)));
    assertEquals(StoreLimits.DEFAULT_MAX_EVENT_BYTES, e.limit());
    assertTrue(e.size() > e.limit(), () -> "size " + e.size() + " limit " + e.limit());
    assertTrue(e.getMessage().contains(Long.toString(e.limit())), e.getMessage());
    assertTrue(e.getMessage().contains(Long.toString(e.size())), e.getMessage());
    assertRejected(store, PayloadTooLargeException.class, () -> store.append(List.of(
        StreamAppend.of(StreamId.of("small-1"), ExpectedVersion.any(), noted("s", 1)),
        StreamAppend.of(STREAM, ExpectedVersion.any(), List.of(huge)))));
  }

  @Test
  void theSizeLimitCountsEncodedBytesNotCharacters() {
    EventStore store = seededStore();
    EventData<ContractEvent> wide = noted("語".repeat(400_000));
    PayloadTooLargeException e = assertRejected(store, PayloadTooLargeException.class,
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(wide)));
    assertTrue(e.size() >= 1_200_000, () -> "400,000 three-byte characters counted as " + e.size());
    EventData<ContractEvent> metadata = noted("small").withMetadata(
        Metadata.empty().with("blob", "é".repeat(600_000)));
    assertRejected(store, PayloadTooLargeException.class,
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(metadata)));
  }

  @Test
  void metadataOverTheSizeLimitIsRejected() {
    EventStore store = seededStore();
    EventData<ContractEvent> event =
        noted("small").withMetadata(Metadata.empty().with("blob", "y".repeat(1_100_000)));
    PayloadTooLargeException e = assertRejected(store, PayloadTooLargeException.class,
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(event)));
    assertEquals(StoreLimits.DEFAULT_MAX_EVENT_BYTES, e.limit());
  }

  @Test
  void aPayloadOfExactlyTheSizeLimitIsStoredAndOneByteMoreIsRefused() {
    EventStore store = seededStore();
    int limit = (int) StoreLimits.DEFAULT_MAX_EVENT_BYTES;
    // {"text":"..."}: 11 bytes around the text
    String text = "z".repeat(limit - 11);
    store.append(STREAM, ExpectedVersion.any(), List.of(noted(text)));
    assertEquals(new ContractEvent.Noted(text), store.readStream(STREAM).get(2).payload());
    PayloadTooLargeException e = assertRejected(store, PayloadTooLargeException.class,
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(noted(text + "z"))));
    assertEquals(limit + 1L, e.size());
    assertEquals(limit, e.limit());
  }

  @Test
  void metadataOfExactlyTheSizeLimitIsStoredAndOneByteMoreIsRefused() {
    EventStore store = seededStore();
    int limit = (int) StoreLimits.DEFAULT_MAX_EVENT_BYTES;
    // {"k":"..."}, as Metadata.toJson() writes it: 8 bytes around the value
    Metadata atLimit = Metadata.empty().with("k", "m".repeat(limit - 8));
    assertEquals(limit, atLimit.toJson().length());
    store.append(STREAM, ExpectedVersion.any(), List.of(noted("small").withMetadata(atLimit)));
    assertEquals(atLimit, store.readStream(STREAM).get(2).metadata());
    Metadata over = atLimit.with("k", "m".repeat(limit - 7));
    PayloadTooLargeException e = assertRejected(store, PayloadTooLargeException.class,
        () -> store.append(STREAM, ExpectedVersion.any(),
            List.of(noted("small").withMetadata(over))));
    assertEquals(limit + 1L, e.size());
    assertEquals(limit, e.limit());
  }

  @Test
  void aPayloadJustUnderTheSizeLimitIsStoredWhole() {
    EventStore store = seededStore();
    String text = "z".repeat(1_000_000);
    store.append(STREAM, ExpectedVersion.any(), List.of(noted(text)));
    assertEquals(new ContractEvent.Noted(text), store.readStream(STREAM).get(2).payload());
  }
}
