package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Truncations ({@link dev.eventcore.StreamDeletions#truncateStream}): the events before a version
 * leave the stream and the global log, appends go on undisturbed, every other event keeps its
 * position, and the stream is still listed.
 *
 * @since 0.1.0
 */
public abstract class TruncationContract extends StoreContract {

  @Test
  void aTruncationRemovesTheEarlyEventsAndLeavesAppendsAlone() {
    EventStore store = openStore();
    StreamId account = StreamId.of("account-6");
    StreamId other = StreamId.of("other-6");
    store.append(account, ExpectedVersion.noStream(), noted("a", 10));
    store.append(other, ExpectedVersion.noStream(), noted("o", 1));
    List<RecordedEvent<?>> whole = store.readStream(account);
    List<RecordedEvent<?>> before = readWholeLog(store);

    assertEquals(5, store.truncateStream(account, Version.of(6)));

    assertEquals(whole.subList(5, 10), store.readStream(account));
    assertEquals(whole.subList(5, 10), store.readStream(account, Version.of(2), 100));
    assertEquals(whole.subList(7, 10), store.readStream(account, Version.of(8), 100));
    assertEquals(5, store.readPayloads(account, Version.of(1), (payload, version) -> { }));
    List<RecordedEvent<?>> backwards = new ArrayList<>(whole.subList(5, 10));
    Collections.reverse(backwards);
    assertEquals(backwards, store.readStreamBackwards(account, 100));
    List<RecordedEvent<?>> expectedLog = new ArrayList<>(before);
    expectedLog.removeAll(whole.subList(0, 5));
    assertEquals(expectedLog, readWholeLog(store));
    assertEquals(new StreamStatus(account, Version.of(10), Version.of(6), Optional.empty()),
        store.streamStatus(account));
    store.append(account, ExpectedVersion.exactly(Version.of(10)), List.of(noted("next")));
    assertEquals(0, store.truncateStream(account, Version.of(4)), "removed already");
    assertEquals(0, store.truncateStream(account, Version.of(6)));
    assertEquals(5, store.truncateStream(account, Version.of(11)), "up to the last one");
    assertEquals(1, store.readStream(account).size());
    assertThrows(IllegalArgumentException.class,
        () -> store.truncateStream(account, Version.of(12)), "the last event stays");
    assertThrows(IllegalArgumentException.class,
        () -> store.truncateStream(account, Version.of(1)));
    assertThrows(IllegalArgumentException.class,
        () -> store.truncateStream(StreamId.of("never-6"), Version.of(2)));
    store.deleteStream(account, ExpectedVersion.any());
    assertThrows(StreamDeletedException.class,
        () -> store.truncateStream(account, Version.of(12)));
  }

  @Test
  void truncatedAndHardDeletedStreamsAreStillListed() {
    EventStore store = openStore();
    StreamId truncated = StreamId.of("listed-1");
    StreamId gone = StreamId.of("listed-2");
    StreamId untouched = StreamId.of("listed-3");
    for (StreamId stream : List.of(truncated, gone, untouched)) {
      store.append(stream, ExpectedVersion.noStream(), noted(stream.value(), 4));
    }
    store.truncateStream(truncated, Version.of(3));
    store.hardDeleteStream(gone, ExpectedVersion.any());

    List<StreamInfo> listed = store.streams(StreamQuery.inCategory("listed"));
    assertEquals(List.of(truncated, gone, untouched), listed.stream().map(StreamInfo::stream).toList());
    assertEquals(List.of(Version.of(4), Version.of(5), Version.of(4)),
        listed.stream().map(StreamInfo::version).toList());
    assertEquals(List.of(gone, untouched), store.streams(StreamQuery.inCategory("listed")
        .startingAfter(truncated)).stream().map(StreamInfo::stream).toList(), "paged");
  }

  @Test
  void truncatingARestartedStreamRemovesItsEarlierLifeToo() {
    EventStore store = openStore();
    StreamId cart = StreamId.of("cart-9");
    store.append(cart, ExpectedVersion.noStream(), noted("old", 3));
    store.deleteStream(cart, ExpectedVersion.any()); // tombstone at 4
    store.restartStream(cart, noted("new", 3)); // 5, 6, 7
    List<RecordedEvent<?>> before = readWholeLog(store);

    assertEquals(5, store.truncateStream(cart, Version.of(6)), "1..5: the old life, its tombstone, 5");

    assertEquals(before.subList(5, 7), readWholeLog(store));
    assertEquals(before.subList(5, 7), store.readStream(cart));
  }
}
