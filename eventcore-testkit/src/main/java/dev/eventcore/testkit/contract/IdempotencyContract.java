package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.EventStoreException;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Event ids make appends idempotent: a true retry returns the original result and writes
 * nothing; any other reuse of an id is rejected and writes nothing.
 *
 * @since 0.1.0
 */
public abstract class IdempotencyContract extends StoreContract {
  private static final StreamId STREAM = StreamId.of("order-1");
  private static final StreamId OTHER = StreamId.of("order-2");

  private static void assertRejectedAndNothingWritten(EventStore store, Executable append) {
    List<RecordedEvent<?>> before = readWholeLog(store);
    DuplicateEventIdException e = assertThrows(DuplicateEventIdException.class, append);
    assertFalse(e.isRetryable());
    assertEquals(before, readWholeLog(store), "a rejected append writes nothing");
  }

  @Test
  void retryingAnAppendReturnsTheOriginalResultAndWritesNothing() {
    EventStore store = openStore();
    List<EventData<ContractEvent>> events = noted("e", 3);
    AppendResult original = store.append(STREAM, ExpectedVersion.noStream(), events);
    List<RecordedEvent<?>> before = readWholeLog(store);

    assertEquals(original, store.append(STREAM, ExpectedVersion.noStream(), events));
    assertEquals(original, store.append(STREAM, ExpectedVersion.noStream(), events));

    assertEquals(before, readWholeLog(store));
    assertEquals(Version.of(3), store.currentVersion(STREAM));
  }

  @Test
  void aRetryStillReturnsTheOriginalResultAfterOthersAppendedToTheStream() {
    EventStore store = openStore();
    List<EventData<ContractEvent>> events = noted("e", 2);
    AppendResult original = store.append(STREAM, ExpectedVersion.exactly(Version.NONE), events);
    store.append(STREAM, ExpectedVersion.any(), noted("later", 2));
    store.append(OTHER, ExpectedVersion.any(), noted("other", 1));
    List<RecordedEvent<?>> before = readWholeLog(store);

    assertEquals(original, store.append(STREAM, ExpectedVersion.exactly(Version.NONE), events));
    assertEquals(original, store.append(STREAM, ExpectedVersion.any(), events));

    assertEquals(before, readWholeLog(store));
  }

  @Test
  void retryingAMultiStreamAppendReturnsTheOriginalResult() {
    EventStore store = openStore();
    store.append(OTHER, ExpectedVersion.noStream(), noted("seed", 2));
    List<StreamAppend> append = List.of(
        StreamAppend.of(STREAM, ExpectedVersion.noStream(), noted("a", 2)),
        StreamAppend.of(OTHER, ExpectedVersion.exactly(Version.of(2)), noted("b", 3)));
    AppendResult original = store.append(append);
    List<RecordedEvent<?>> before = readWholeLog(store);

    assertEquals(original, store.append(append));

    assertEquals(before, readWholeLog(store));
  }

  @Test
  void aRetryReportsTheCheckedStreamsVersionAsTheOriginalAppendSawIt() {
    EventStore store = openStore();
    store.append(OTHER, ExpectedVersion.noStream(), noted("seed", 2));
    List<StreamAppend> append = List.of(
        StreamAppend.check(OTHER, ExpectedVersion.exactly(Version.of(2))),
        StreamAppend.of(STREAM, ExpectedVersion.noStream(), noted("a", 2)));
    AppendResult original = store.append(append);
    store.append(OTHER, ExpectedVersion.any(), noted("later", 3));
    List<RecordedEvent<?>> before = readWholeLog(store);

    assertEquals(original, store.append(append));

    assertEquals(before, readWholeLog(store));
  }

  @Test
  void anIdAlreadyStoredInAnotherStreamIsRejected() {
    EventStore store = openStore();
    EventData<ContractEvent> event = noted("x");
    store.append(STREAM, ExpectedVersion.any(), List.of(event));
    assertRejectedAndNothingWritten(store,
        () -> store.append(OTHER, ExpectedVersion.any(), List.of(event)));
    assertEquals(Version.NONE, store.currentVersion(OTHER));
  }

  @Test
  void anIdAlreadyStoredAtAnotherPositionOfTheSameStreamIsRejected() {
    EventStore store = openStore();
    List<EventData<ContractEvent>> events = noted("e", 2);
    store.append(STREAM, ExpectedVersion.noStream(), events);
    assertRejectedAndNothingWritten(store, () -> store.append(STREAM, ExpectedVersion.any(),
        List.of(events.get(1), events.get(0))));
    assertRejectedAndNothingWritten(store, () -> store.append(STREAM, ExpectedVersion.any(),
        List.of(events.get(0), events.get(0).withId(events.get(1).id()))));
  }

  @Test
  void anAppendMixingStoredAndNewIdsIsRejectedAndWritesNothing() {
    EventStore store = openStore();
    List<EventData<ContractEvent>> events = noted("e", 2);
    store.append(STREAM, ExpectedVersion.noStream(), events);
    List<EventData<ContractEvent>> overlapping = new ArrayList<>(events);
    overlapping.add(noted("new"));
    assertRejectedAndNothingWritten(store,
        () -> store.append(STREAM, ExpectedVersion.noStream(), overlapping));
    assertRejectedAndNothingWritten(store, () -> store.append(List.of(
        StreamAppend.of(STREAM, ExpectedVersion.noStream(), events),
        StreamAppend.of(OTHER, ExpectedVersion.noStream(), noted("new", 1)))));
    assertEquals(Version.of(2), store.currentVersion(STREAM));
    assertEquals(Version.NONE, store.currentVersion(OTHER));
  }

  @Test
  void theSameIdWithADifferentPayloadOrMetadataIsNoRetryAndIsRejected() {
    EventStore store = openStore();
    EventData<ContractEvent> event = noted("original");
    store.append(STREAM, ExpectedVersion.noStream(), List.of(event));
    EventData<ContractEvent> otherPayload =
        new EventData<>(event.id(), new ContractEvent.Noted("changed"), event.metadata());
    EventData<ContractEvent> otherType =
        new EventData<>(event.id(), new ContractEvent.Renamed("original", "x"), event.metadata());
    EventData<ContractEvent> otherMetadata = event.withMetadata(Metadata.empty().with("k", "v"));
    assertRejectedAndNothingWritten(store,
        () -> store.append(STREAM, ExpectedVersion.noStream(), List.of(otherPayload)));
    assertRejectedAndNothingWritten(store,
        () -> store.append(STREAM, ExpectedVersion.noStream(), List.of(otherType)));
    assertRejectedAndNothingWritten(store,
        () -> store.append(STREAM, ExpectedVersion.noStream(), List.of(otherMetadata)));
    assertEquals(new ContractEvent.Noted("original"), store.readStream(STREAM).get(0).payload());
  }

  @Test
  void aRetryWhoseExpectationTheOriginalPositionDoesNotSatisfyIsRejected() {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.noStream(), noted("seed", 2));
    List<EventData<ContractEvent>> events = noted("e", 1);
    store.append(STREAM, ExpectedVersion.exactly(Version.of(2)), events);
    List<RecordedEvent<?>> before = readWholeLog(store);
    EventStoreException e = assertThrows(EventStoreException.class,
        () -> store.append(STREAM, ExpectedVersion.noStream(), events));
    assertTrue(e instanceof DuplicateEventIdException || e instanceof WrongExpectedVersionException,
        () -> "expected a duplicate-id or wrong-version error but got " + e);
    assertEquals(before, readWholeLog(store));
  }

  @Test
  void duplicateIdsWithinOneAppendAreRejectedBeforeAnythingIsWritten() {
    EventStore store = openStore();
    EventData<ContractEvent> event = noted("twice");
    assertRejectedAndNothingWritten(store,
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(event, event)));
    assertRejectedAndNothingWritten(store, () -> store.append(List.of(
        StreamAppend.of(STREAM, ExpectedVersion.any(), List.of(event)),
        StreamAppend.of(OTHER, ExpectedVersion.any(), List.of(event.withMetadata(
            Metadata.empty().with("copy", "yes")))))));
    assertEquals(List.of(), readWholeLog(store));
  }

  @Test
  void afterEveryKindOfReuseTheCountsReadBackExactly() {
    EventStore store = openStore();
    List<EventData<ContractEvent>> first = noted("a", 3);
    List<EventData<ContractEvent>> second = noted("b", 2);
    store.append(STREAM, ExpectedVersion.noStream(), first);
    store.append(OTHER, ExpectedVersion.noStream(), second);
    store.append(STREAM, ExpectedVersion.noStream(), first);
    assertThrows(DuplicateEventIdException.class,
        () -> store.append(OTHER, ExpectedVersion.any(), first));
    store.append(OTHER, ExpectedVersion.noStream(), second);
    List<RecordedEvent<?>> all = readWholeLog(store);
    assertEquals(5, all.size());
    assertEquals(3, store.readStream(STREAM).size());
    assertEquals(2, store.readStream(OTHER).size());
    assertEquals(idsOf(first), recordedIds(store.readStream(STREAM)));
  }
}
