package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventStore;
import dev.eventcore.EventStoreException;
import dev.eventcore.EventcoreException;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Optimistic concurrency: each expectation, and that a miss writes nothing and says why.
 *
 * @since 0.1.0
 */
public abstract class ExpectedVersionContract extends StoreContract {
  private static final StreamId STREAM = StreamId.of("order-1");
  private static final StreamId ABSENT = StreamId.of("order-absent");

  private EventStore storeWithThreeEvents() {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.noStream(), noted("seed", 3));
    return store;
  }

  private static void assertMiss(EventStore store, StreamId stream, ExpectedVersion expected,
      long actual, Executable append) {
    List<RecordedEvent<?>> before = readWholeLog(store);
    WrongExpectedVersionException e = assertThrows(WrongExpectedVersionException.class, append);
    assertEquals(stream, e.stream(), "the exception names the stream");
    assertEquals(expected, e.expected(), "the exception carries the expectation");
    assertEquals(Version.of(actual), e.actual(), "the exception carries the actual version");
    assertFalse(e.isRetryable(), "a conflict is not fixed by retrying the same call");
    assertEquals(EventcoreException.Retry.AFTER_REREAD, e.retry(), "but by re-reading first");
    assertEquals(before, readWholeLog(store), "a failed append writes nothing");
  }

  private static void assertMiss(EventStore store, StreamId stream, ExpectedVersion expected,
      long actual) {
    assertMiss(store, stream, expected, actual,
        () -> store.append(stream, expected, noted("late", 2)));
  }

  @Test
  void noStreamSucceedsOnAnAbsentStreamAndFailsOnOneWithEvents() {
    EventStore store = storeWithThreeEvents();
    assertMiss(store, STREAM, ExpectedVersion.noStream(), 3);
    assertEquals(Version.of(1),
        store.append(ABSENT, ExpectedVersion.noStream(), noted("x", 1)).nextExpectedVersion());
  }

  @Test
  void exactlyVersionNoneBehavesLikeNoStream() {
    EventStore store = storeWithThreeEvents();
    assertMiss(store, STREAM, ExpectedVersion.exactly(Version.NONE), 3);
    store.append(ABSENT, ExpectedVersion.exactly(Version.NONE), noted("x", 1));
    assertEquals(Version.of(1), store.currentVersion(ABSENT));
  }

  @Test
  void streamExistsFailsOnAnAbsentStreamAndSucceedsOnOneWithEvents() {
    EventStore store = storeWithThreeEvents();
    assertMiss(store, ABSENT, ExpectedVersion.streamExists(), 0);
    assertEquals(Version.of(5),
        store.append(STREAM, ExpectedVersion.streamExists(), noted("x", 2)).nextExpectedVersion());
  }

  @Test
  void exactlyTheCurrentVersionSucceeds() {
    EventStore store = storeWithThreeEvents();
    assertEquals(Version.of(4), store.append(STREAM, ExpectedVersion.exactly(Version.of(3)),
        noted("x", 1)).nextExpectedVersion());
  }

  @Test
  void exactlyAVersionBehindOrAheadFailsWithTheActualVersion() {
    EventStore store = storeWithThreeEvents();
    assertMiss(store, STREAM, ExpectedVersion.exactly(Version.of(2)), 3);
    assertMiss(store, STREAM, ExpectedVersion.exactly(Version.of(4)), 3);
    assertMiss(store, ABSENT, ExpectedVersion.exactly(Version.of(1)), 0);
    assertEquals(Version.NONE, store.currentVersion(ABSENT));
  }

  @Test
  void anyAppendsWhateverTheVersion() {
    EventStore store = storeWithThreeEvents();
    store.append(STREAM, ExpectedVersion.any(), noted("x", 1));
    store.append(ABSENT, ExpectedVersion.any(), noted("y", 1));
    assertEquals(Version.of(4), store.currentVersion(STREAM));
    assertEquals(Version.of(1), store.currentVersion(ABSENT));
  }

  @Test
  void aConflictIsAnEventStoreExceptionThatIsNotRetryable() {
    EventStore store = storeWithThreeEvents();
    EventStoreException e = assertThrows(EventStoreException.class,
        () -> store.append(STREAM, ExpectedVersion.noStream(), noted("x", 1)));
    assertEquals(WrongExpectedVersionException.class, e.getClass());
  }

  @Test
  void multiStreamAppendWithOneStaleExpectationWritesNothing() {
    EventStore store = storeWithThreeEvents();
    StreamId other = StreamId.of("stock-1");
    StreamId fresh = StreamId.of("invoice-1");
    store.append(other, ExpectedVersion.noStream(), noted("o", 1));
    ExpectedVersion stale = ExpectedVersion.exactly(Version.of(2));
    assertMiss(store, STREAM, stale, 3, () -> store.append(List.of(
        StreamAppend.of(fresh, ExpectedVersion.noStream(), noted("f", 2)),
        StreamAppend.of(other, ExpectedVersion.exactly(Version.of(1)), noted("o2", 2)),
        StreamAppend.of(STREAM, stale, noted("s", 1)))));
    assertEquals(Version.NONE, store.currentVersion(fresh));
    assertEquals(Version.of(1), store.currentVersion(other));
    assertEquals(Version.of(3), store.currentVersion(STREAM));
  }

  @Test
  void aStalePureCheckFailsTheWholeAppend() {
    EventStore store = storeWithThreeEvents();
    StreamId written = StreamId.of("invoice-1");
    ExpectedVersion stale = ExpectedVersion.exactly(Version.of(1));
    assertMiss(store, STREAM, stale, 3, () -> store.append(List.of(
        StreamAppend.of(written, ExpectedVersion.any(), noted("w", 3)),
        StreamAppend.check(STREAM, stale))));
    assertEquals(Version.NONE, store.currentVersion(written));
  }

  @Test
  void aCheckThatAnAbsentStreamExistsFailsTheWholeAppend() {
    EventStore store = storeWithThreeEvents();
    assertMiss(store, ABSENT, ExpectedVersion.streamExists(), 0, () -> store.append(List.of(
        StreamAppend.of(STREAM, ExpectedVersion.exactly(Version.of(3)), noted("w", 1)),
        StreamAppend.check(ABSENT, ExpectedVersion.streamExists()))));
    assertEquals(Version.of(3), store.currentVersion(STREAM));
  }

  @Test
  void afterAConflictTheActualVersionIsTheOneToExpect() {
    EventStore store = storeWithThreeEvents();
    WrongExpectedVersionException e = assertThrows(WrongExpectedVersionException.class,
        () -> store.append(STREAM, ExpectedVersion.exactly(Version.of(1)), noted("x", 1)));
    assertEquals(Version.of(5), store.append(STREAM, ExpectedVersion.exactly(e.actual()),
        noted("y", 2)).nextExpectedVersion());
  }
}
