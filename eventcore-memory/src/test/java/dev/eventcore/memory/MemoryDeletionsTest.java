package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamDeleted;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deleting, restarting, truncating and archiving streams of the in-memory store: which deletions
 * follow which, what each removes from the log, what archiving counts, and that every change
 * leaves the store's write lock free for other threads.
 */
class MemoryDeletionsTest {
  private static final StreamId A = StreamId.of("order-1");
  private static final StreamId B = StreamId.of("order-2");

  record Noted(int n) {}

  private static List<EventData<Noted>> noted(int... ns) {
    return Arrays.stream(ns).mapToObj(n -> EventData.of(new Noted(n))).toList();
  }

  private static List<String> log(InMemoryEventStore store) {
    return store.readAll(GlobalPosition.START, 100).stream()
        .map(e -> e.streamId().value() + "@" + e.version().value() + " " + e.type()).toList();
  }

  @Test
  void aSoftlyDeletedStreamMayBeHardDeletedButNotDeletedSoftlyAgainAndAHardDeletionIsFinal() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.any(), noted(1, 2, 3));
      store.deleteStream(A, ExpectedVersion.any());
      assertEquals(List.of("order-1@1 Noted", "order-1@2 Noted", "order-1@3 Noted",
          "order-1@4 " + StreamDeleted.TYPE), log(store), "a soft deletion removes nothing");
      StreamDeletedException again = assertThrows(StreamDeletedException.class,
          () -> store.deleteStream(A, ExpectedVersion.any()));
      assertEquals(Deletion.SOFT, again.deletion());

      store.hardDeleteStream(A, ExpectedVersion.any());
      assertEquals(List.of("order-1@5 " + StreamDeleted.TYPE), log(store),
          "every event but the last tombstone is removed");
      assertEquals(Deletion.HARD, assertThrows(StreamDeletedException.class,
          () -> store.deleteStream(A, ExpectedVersion.any())).deletion());
      assertEquals(Deletion.HARD, assertThrows(StreamDeletedException.class,
          () -> store.hardDeleteStream(A, ExpectedVersion.any())).deletion());
      assertThrows(StreamDeletedException.class, () -> store.truncateStream(A, Version.of(2)));
    }
  }

  @Test
  void aHardDeletionRemovesEveryEarlierEventAndMayDeleteAStreamWithNone() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.any(), noted(1, 2, 3));
      store.append(B, ExpectedVersion.any(), noted(4));
      store.hardDeleteStream(A, ExpectedVersion.any());
      assertEquals(List.of("order-2@1 Noted", "order-1@4 " + StreamDeleted.TYPE), log(store));

      StreamId never = StreamId.of("order-3");
      AppendResult deleted = store.hardDeleteStream(never, ExpectedVersion.any());
      assertEquals(Version.of(1), deleted.version(never));
      assertEquals(Optional.of(Deletion.HARD), store.streamStatus(never).deletion());
    }
  }

  @Test
  void onlyASoftlyDeletedStreamCanBeRestarted() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.any(), noted(1));
      assertThrows(IllegalStateException.class, () -> store.restartStream(A, noted(2)));
      store.deleteStream(A, ExpectedVersion.any());
      store.restartStream(A, noted(2));
      assertEquals(List.of(3L), store.readStream(A).stream()
          .map(e -> e.version().value()).toList(), "reads start after the tombstone");
      store.append(B, ExpectedVersion.any(), noted(3));
      store.hardDeleteStream(B, ExpectedVersion.any());
      assertEquals(Deletion.HARD, assertThrows(StreamDeletedException.class,
          () -> store.restartStream(B, noted(4))).deletion());
    }
  }

  @Test
  void archivingCountsTheHeldEventsBelowTheVersionOnceEach() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.any(), noted(1, 2, 3, 4, 5, 6));
      assertEquals(2, store.archiveStream(A, Version.of(3)));
      assertEquals(0, store.archiveStream(A, Version.of(3)), "already archived");
      assertEquals(1, store.archiveStream(A, Version.of(4)));
      assertEquals(3, store.truncateStream(A, Version.of(4)));
      assertEquals(2, store.archiveStream(A, Version.of(6)), "4 and 5: the last always stays");

      store.append(B, ExpectedVersion.any(), noted(1, 2, 3));
      store.deleteStream(B, ExpectedVersion.any());
      assertEquals(3, store.archiveStream(B, Version.of(4)), "a soft deletion removes nothing");
      assertEquals(0, store.archiveStream(StreamId.of("order-9"), Version.of(4)));
    }
  }

  @Test
  void aTruncationToTheFirstReadableVersionRemovesNothing() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.any(), noted(1, 2, 3, 4));
      assertEquals(2, store.truncateStream(A, Version.of(3)));
      assertEquals(0, store.truncateStream(A, Version.of(3)));
      assertEquals(0, store.truncateStream(A, Version.of(2)));
      assertEquals(List.of(3L, 4L), store.readStream(A).stream()
          .map(e -> e.version().value()).toList());
    }
  }

  @Test
  void aConditionalAppendFailsOnlyWhenAMatchingEventCameAfterItsPosition() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      Tag course = Tag.of("course", "c-1");
      DcbQuery query = DcbQuery.of(QueryItem.tags(course));
      store.boundaries().append(A, List.of(TaggedEvent.of(new Noted(1), course)));
      GlobalPosition seen = store.boundaries().read(query, GlobalPosition.START).position();
      store.boundaries().append(A, List.of(TaggedEvent.of(new Noted(2), course)),
          new AppendCondition(query, seen));
      AppendConditionFailedException e = assertThrows(AppendConditionFailedException.class,
          () -> store.boundaries().append(A, List.of(TaggedEvent.of(new Noted(3), course)),
              new AppendCondition(query, seen)));
      assertEquals(GlobalPosition.of(2), e.conflicting());
      assertEquals(2, store.eventCount());
    }
  }

  /** Every change, done on this thread, leaves the write lock free for an append on another. */
  @Test
  void everyChangeReleasesTheWriteLock() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      Tag tag = Tag.of("course", "c-1");
      List<Runnable> changes = List.of(
          () -> store.append(A, ExpectedVersion.any(), noted(1, 2, 3, 4)),
          () -> store.truncateStream(A, Version.of(2)),
          () -> store.archiveStream(A, Version.of(3)),
          () -> store.deleteStream(A, ExpectedVersion.any()),
          () -> store.restartStream(A, noted(5)),
          () -> store.boundaries().append(B, List.of(TaggedEvent.of(new Noted(6), tag)),
              new AppendCondition(DcbQuery.of(QueryItem.tags(tag)), GlobalPosition.START)),
          store::reset);
      for (int i = 0; i < changes.size(); i++) {
        changes.get(i).run();
        int n = 100 + i;
        StreamId stream = StreamId.of("other-" + n);
        RecordedEvent<?> written = other.submit(() -> {
          store.append(stream, ExpectedVersion.any(), noted(n));
          return store.readStream(stream).get(0);
        }).get(10, TimeUnit.SECONDS);
        assertEquals(stream, written.streamId());
      }
    } finally {
      other.shutdownNow();
    }
  }
}
