package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Appending: what is written, where, and what the store reports back.
 *
 * @since 0.1.0
 */
public abstract class AppendContract extends StoreContract {

  @Test
  void appendedEventsReadBackWithTheirIdTypePayloadMetadataAndVersion() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("account", "1");
    List<EventData<ContractEvent>> events = List.of(
        new EventData<>(EventId.random(),
            new ContractEvent.Deposited("acc-1", 12_345L, 0.125, List.of("a", "b")),
            Metadata.empty().withCorrelationId("corr-1").with("user", "alice")),
        EventData.of(new ContractEvent.Renamed("old", "new")),
        EventData.of(new ContractEvent.Measured(7, -3.5, true, new ContractEvent.Point(1.5, 2.0),
            Map.of("unit", "kg"))),
        EventData.of(new ContractEvent.Tree("root",
            List.of(new ContractEvent.Tree("leaf", List.of())))));
    Instant before = Instant.now();

    AppendResult result = store.append(stream, ExpectedVersion.noStream(), events);

    List<RecordedEvent<?>> read = store.readStream(stream);
    assertEquals(events.size(), read.size());
    List<String> types = List.of("Deposited", "contract.renamed", "Measured", "Tree");
    for (int i = 0; i < events.size(); i++) {
      RecordedEvent<?> recorded = read.get(i);
      assertEquals(stream, recorded.streamId());
      assertEquals(Version.of(i + 1L), recorded.version());
      assertEquals(events.get(i).id(), recorded.id());
      assertEquals(types.get(i), recorded.type());
      assertEquals(events.get(i).payload(), recorded.payload());
      assertEquals(events.get(i).metadata(), recorded.metadata());
      assertTrue(Duration.between(before, recorded.recordedAt()).abs().toMinutes() < 10,
          () -> "recordedAt " + recorded.recordedAt() + " is far from the time of the append");
    }
    assertEquals(Version.of(4), result.version(stream));
    assertEquals(Version.of(4), result.nextExpectedVersion());
    assertEquals(read.get(0).position(), result.firstPosition());
    assertEquals(read.get(3).position(), result.lastPosition());
    assertEquals(Version.of(4), store.currentVersion(stream));
  }

  @Test
  void anAbsentStreamHasVersionNoneAndReadsEmpty() {
    EventStore store = openStore();
    StreamId absent = StreamId.of("absent-1");
    assertEquals(Version.NONE, store.currentVersion(absent));
    assertEquals(List.of(), store.readStream(absent));
    assertEquals(List.of(), store.readStream(absent, Version.NONE, 10));
    assertEquals(List.of(), store.readAll(GlobalPosition.START, 10));
  }

  @Test
  void successiveAppendsContinueTheStreamAndAdvanceTheGlobalPosition() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("order-1");
    AppendResult first = store.append(stream, ExpectedVersion.noStream(), noted("a", 2));
    AppendResult second = store.append(stream, ExpectedVersion.exactly(Version.of(2)),
        noted("b", 3));
    assertEquals(Version.of(2), first.nextExpectedVersion());
    assertEquals(Version.of(5), second.nextExpectedVersion());
    assertTrue(second.firstPosition().isAfter(first.lastPosition()));
    assertTrue(second.lastPosition().isAfter(second.firstPosition()));
    List<RecordedEvent<?>> read = store.readStream(stream);
    assertEquals(5, read.size());
    assertContiguousPerStream(read);
    assertStrictlyIncreasing(read, GlobalPosition.START);
  }

  @Test
  void appendsToOneStreamLeaveOtherStreamsUntouched() {
    EventStore store = openStore();
    StreamId a = StreamId.of("order-1");
    StreamId b = StreamId.of("Order-1");
    store.append(a, ExpectedVersion.noStream(), noted("a", 3));
    assertEquals(Version.NONE, store.currentVersion(b), "stream ids are case-sensitive");
    store.append(b, ExpectedVersion.noStream(), noted("b", 1));
    assertEquals(Version.of(3), store.currentVersion(a));
    assertEquals(Version.of(1), store.currentVersion(b));
    assertEquals(1, store.readStream(b).size());
  }

  @Test
  void multiStreamAppendWritesEveryStreamInOneBlockOfPositions() {
    EventStore store = openStore();
    StreamId order = StreamId.of("order-7");
    StreamId stock = StreamId.of("stock-7");
    store.append(stock, ExpectedVersion.noStream(), noted("stock", 1));
    List<EventData<ContractEvent>> orderEvents = noted("order", 2);
    List<EventData<ContractEvent>> stockEvents = noted("stock-more", 3);

    AppendResult result = store.append(List.of(
        StreamAppend.of(order, ExpectedVersion.noStream(), orderEvents),
        StreamAppend.of(stock, ExpectedVersion.exactly(Version.of(1)), stockEvents)));

    assertEquals(Map.of(order, Version.of(2), stock, Version.of(4)), result.versions());
    assertEquals(List.of(order, stock), List.copyOf(result.versions().keySet()),
        "result versions are in the append's order");
    List<RecordedEvent<?>> written = readLogAfter(store, store.readStream(stock).get(0).position(),
        100);
    assertEquals(5, written.size());
    assertEquals(result.firstPosition(), written.get(0).position());
    assertEquals(result.lastPosition(), written.get(4).position());
    assertEquals(idsOf(orderEvents), recordedIds(store.readStream(order)));
    assertEquals(idsOf(stockEvents), recordedIds(store.readStream(stock, Version.of(2), 10)));
  }

  @Test
  void aPureVersionCheckInAMultiStreamAppendWritesNothingToThatStream() {
    EventStore store = openStore();
    StreamId checked = StreamId.of("customer-1");
    StreamId written = StreamId.of("order-1");
    store.append(checked, ExpectedVersion.noStream(), noted("c", 2));

    AppendResult result = store.append(List.of(
        StreamAppend.check(checked, ExpectedVersion.exactly(Version.of(2))),
        StreamAppend.of(written, ExpectedVersion.noStream(), noted("o", 1))));

    assertEquals(Version.of(2), result.version(checked));
    assertEquals(Version.of(1), result.version(written));
    assertEquals(Version.of(2), store.currentVersion(checked));
    assertEquals(3, readWholeLog(store).size());
    assertEquals(result.firstPosition(), result.lastPosition());
  }

  @Test
  void aPureCheckOfAnAbsentStreamDoesNotCreateIt() {
    EventStore store = openStore();
    StreamId checked = StreamId.of("customer-9");
    store.append(List.of(
        StreamAppend.check(checked, ExpectedVersion.noStream()),
        StreamAppend.of(StreamId.of("order-9"), ExpectedVersion.any(), noted("o", 1))));
    assertEquals(Version.NONE, store.currentVersion(checked));
    assertEquals(List.of(), store.readStream(checked));
    store.append(checked, ExpectedVersion.noStream(), noted("c", 1));
    assertEquals(Version.of(1), store.currentVersion(checked));
  }

  @Test
  void anAppendThatWritesNoEventAtAllIsRejectedAndTouchesNothing() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("order-1");
    store.append(stream, ExpectedVersion.noStream(), noted("a", 1));
    List<RecordedEvent<?>> before = readWholeLog(store);

    assertThrows(IllegalArgumentException.class,
        () -> store.append(stream, ExpectedVersion.any(), List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> store.append(StreamId.of("new-1"), ExpectedVersion.noStream(), List.of()));
    assertThrows(IllegalArgumentException.class, () -> store.append(List.of(
        StreamAppend.check(stream, ExpectedVersion.exactly(Version.of(1))),
        StreamAppend.check(StreamId.of("new-2"), ExpectedVersion.noStream()))));
    assertThrows(IllegalArgumentException.class, () -> store.append(List.of()));

    assertEquals(before, readWholeLog(store));
    assertEquals(Version.of(1), store.currentVersion(stream));
    assertEquals(Version.NONE, store.currentVersion(StreamId.of("new-1")));
  }

  @Test
  void theSameStreamTwiceInOneAppendIsRejectedAndNothingIsWritten() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("order-1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.append(List.of(
            StreamAppend.of(stream, ExpectedVersion.any(), noted("a", 1)),
            StreamAppend.of(stream, ExpectedVersion.any(), noted("b", 1)))));
    assertTrue(e.getMessage().contains(stream.value()), e.getMessage());
    assertEquals(List.of(), readWholeLog(store));
  }

  @Test
  void unicodeStreamIdsAndTextRoundTripExactly() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("commande-é日本-\uD83D\uDE00");
    String text = "ünïcødé ✓ \uD83D\uDE80 tab\there \"quoted\" back\\slash \u2028 end";
    store.append(stream, ExpectedVersion.noStream(), List.of(noted(text)));
    RecordedEvent<?> read = store.readStream(stream).get(0);
    assertEquals(stream, read.streamId());
    assertEquals(new ContractEvent.Noted(text), read.payload());
    assertEquals(stream, store.readAll(GlobalPosition.START, 1).get(0).streamId());
  }

  @Test
  void aClosedStoreRejectsEveryCallWithIllegalStateAndClosingAgainIsHarmless() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("order-1");
    store.append(stream, ExpectedVersion.noStream(), noted("a", 1));
    store.close();
    store.close();
    assertThrows(IllegalStateException.class,
        () -> store.append(stream, ExpectedVersion.any(), noted("b", 1)));
    assertThrows(IllegalStateException.class, () -> store.append(List.of(
        StreamAppend.of(stream, ExpectedVersion.any(), noted("c", 1)))));
    assertThrows(IllegalStateException.class, () -> store.readStream(stream));
    assertThrows(IllegalStateException.class, () -> store.readStream(stream, Version.NONE, 1));
    assertThrows(IllegalStateException.class, () -> store.currentVersion(stream));
    assertThrows(IllegalStateException.class,
        () -> store.readStream(stream, Version.NONE, event -> { }));
    assertThrows(IllegalStateException.class, () -> store.readAll(GlobalPosition.START, 1));
    assertThrows(IllegalStateException.class,
        () -> store.readAll(GlobalPosition.START, 1, EventFilter.categories("order")));
    assertThrows(IllegalStateException.class,
        () -> store.countAfter(GlobalPosition.START, EventFilter.all()));
    assertThrows(IllegalStateException.class, () -> store.streams(StreamQuery.all()));
    assertThrows(IllegalStateException.class,
        () -> store.subscribe(GlobalPosition.START, event -> { }));
    assertThrows(IllegalStateException.class,
        () -> store.subscribe(GlobalPosition.START, EventFilter.all(), event -> { }));
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
