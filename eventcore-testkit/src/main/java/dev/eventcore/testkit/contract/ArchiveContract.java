package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.subscription.Subscription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Archiving ({@link dev.eventcore.StreamArchiving#archiveStream}): moving a stream's old events to
 * the archive changes no read, appends go on, deletions and truncations reach archived events,
 * and archiving racing appends and subscribers loses and reorders nothing.
 *
 * @since 0.1.0
 */
public abstract class ArchiveContract extends StoreContract {
  private static final Version ALL = Version.of(Long.MAX_VALUE);

  /** Everything a reader can see of the store and of {@code stream}. */
  private static List<Object> everyRead(EventStore store, StreamId stream) {
    RecordedEvent<?> fourth = store.readStream(stream).get(3);
    return List.of(store.readStream(stream), store.readStream(stream, Version.of(4), 3),
        store.readStreamBackwards(stream, 100), store.readStreamBackwards(stream, Version.of(5), 2),
        store.readPayloads(stream, Version.of(1), (payload, version) -> { }),
        readWholeLog(store), readLogAfter(store, fourth.position(), 3),
        store.readAll(GlobalPosition.START, 100, EventFilter.categories("cold")).events(),
        store.readCorrelated("flow-1", GlobalPosition.START, 100),
        store.positionAt(fourth.recordedAt()), store.streams(StreamQuery.all()),
        store.currentVersion(stream), store.streamStatus(stream));
  }

  private static List<EventData<ContractEvent>> correlated(String prefix, int count) {
    List<EventData<ContractEvent>> events = new ArrayList<>();
    for (EventData<ContractEvent> event : noted(prefix, count)) {
      events.add(events.size() % 2 == 0
          ? event.withMetadata(Metadata.empty().withCorrelationId("flow-1")) : event);
    }
    return events;
  }

  @Test
  void archivingChangesNoRead() {
    EventStore store = openStore();
    StreamId cold = StreamId.of("cold-1");
    StreamId small = StreamId.of("small-1");
    StreamId single = StreamId.of("single-1");
    for (int i = 0; i < 5; i++) { // interleaved with the other streams in the log
      store.append(cold, ExpectedVersion.any(), correlated("c" + i, 2));
      store.append(small, ExpectedVersion.any(), List.of(noted("s" + i)));
    }
    store.append(single, ExpectedVersion.noStream(), List.of(noted("only")));
    List<Object> before = everyRead(store, cold);
    List<StreamInfo> listed = store.streams(StreamQuery.all());

    assertEquals(5, store.archiveStream(cold, Version.of(6)));
    assertEquals(before, everyRead(store, cold), "the first half archived");
    assertEquals(0, store.archiveStream(cold, Version.of(4)), "archived already");
    assertEquals(4, store.archiveStream(cold, ALL), "all but the last event");
    assertEquals(0, store.archiveStream(cold, ALL));
    assertEquals(4, store.archiveStream(small, ALL));
    assertEquals(0, store.archiveStream(single, ALL), "a stream's last event always stays");
    assertEquals(0, store.archiveStream(StreamId.of("never-1"), ALL));
    assertEquals(before, everyRead(store, cold), "all but the last archived");
    assertEquals(listed, store.streams(StreamQuery.all()));
    assertEquals(listed.subList(1, 3),
        store.streams(StreamQuery.all().startingAfter(cold)), "paged");
  }

  @Test
  void appendsGoOnAfterTheLastEvent() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("cold-2");
    List<EventData<ContractEvent>> first = noted("a", 6);
    store.append(stream, ExpectedVersion.noStream(), first);
    assertEquals(5, store.archiveStream(stream, ALL));

    assertThrows(WrongExpectedVersionException.class, () -> store.append(stream,
        ExpectedVersion.exactly(Version.of(3)), List.of(noted("stale"))), "an archived version");
    assertThrows(WrongExpectedVersionException.class,
        () -> store.append(stream, ExpectedVersion.noStream(), List.of(noted("new"))));
    assertThrows(DuplicateEventIdException.class, () -> store.append(stream,
        ExpectedVersion.any(), List.of(noted("another payload").withId(first.get(1).id()))),
        "an archived event's id stays taken");
    AppendResult next = store.append(stream, ExpectedVersion.exactly(Version.of(6)), noted("b", 2));
    assertEquals(Version.of(8), next.versions().get(stream));
    store.append(stream, ExpectedVersion.any(), List.of(noted("c")));
    assertEquals(Version.of(9), store.currentVersion(stream));
    List<RecordedEvent<?>> read = store.readStream(stream);
    assertEquals(9, read.size());
    for (int i = 0; i < read.size(); i++) {
      assertEquals(Version.of(i + 1), read.get(i).version());
    }
    assertEquals(recordedIds(read.subList(0, 6)), idsOf(first));
  }

  @Test
  void deletionsAndTruncationsReachArchivedEvents() {
    EventStore store = openStore();
    StreamId truncated = StreamId.of("cold-3");
    StreamId gone = StreamId.of("cold-4");
    StreamId soft = StreamId.of("cold-5");
    for (StreamId stream : List.of(truncated, gone, soft)) {
      store.append(stream, ExpectedVersion.noStream(), noted(stream.value(), 6));
      assertEquals(5, store.archiveStream(stream, ALL));
    }
    List<RecordedEvent<?>> whole = store.readStream(truncated);
    assertEquals(3, store.truncateStream(truncated, Version.of(4)), "archived events removed");
    assertEquals(whole.subList(3, 6), store.readStream(truncated));
    store.hardDeleteStream(gone, ExpectedVersion.any());
    store.deleteStream(soft, ExpectedVersion.any());
    assertEquals(1, store.archiveStream(soft, ALL), "the old last event, now before the tombstone");
    assertEquals(0, store.archiveStream(gone, ALL), "only the tombstone is left");
    List<RecordedEvent<?>> log = readWholeLog(store);
    assertEquals(List.of(truncated, truncated, truncated, soft, soft, soft, soft, soft, soft, gone,
        soft), log.stream().map(RecordedEvent::streamId).toList());
    assertEquals(List.of(), store.readStream(gone));
    assertEquals(List.of(), store.readStream(soft));
  }

  @Test
  void aSubscriptionFromTheStartReceivesArchivedEventsInLogOrder() throws Exception {
    EventStore store = openStore();
    for (int i = 0; i < 4; i++) {
      store.append(StreamId.of("cold-" + (6 + i % 2)), ExpectedVersion.any(), noted("e" + i, 3));
    }
    store.archiveStream(StreamId.of("cold-6"), ALL);
    List<RecordedEvent<?>> log = readWholeLog(store);
    List<RecordedEvent<?>> seen = Collections.synchronizedList(new ArrayList<>());
    Subscription subscription = track(store.subscribe(GlobalPosition.START, seen::add));
    awaitHandled(subscription, log.get(log.size() - 1).position());
    assertEquals(log, List.copyOf(seen));
  }

  @Test
  void badArgumentsAreRefusedByName() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("cold-8");
    store.append(stream, ExpectedVersion.noStream(), noted("a", 3));
    assertEquals("stream", assertThrows(NullPointerException.class,
        () -> store.archiveStream(null, ALL)).getMessage());
    assertEquals("before", assertThrows(NullPointerException.class,
        () -> store.archiveStream(stream, null)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> store.archiveStream(stream, Version.of(1))).getMessage().contains("at least 2"));
    assertEquals(3, store.readStream(stream).size(), "nothing moved");
    assertEquals(2, store.archiveStream(stream, ALL));
  }

  /**
   * Archiving racing writers and a subscriber: every append is written once at its version, the
   * log reads complete and in order, and the subscriber receives exactly the log.
   */
  @Test
  void archivingRacingAppendsAndASubscriberLosesNothing() throws Exception {
    EventStore store = openStore();
    List<StreamId> streams = List.of(StreamId.of("hot-1"), StreamId.of("hot-2"));
    List<RecordedEvent<?>> seen = Collections.synchronizedList(new ArrayList<>());
    Subscription subscription = track(store.subscribe(GlobalPosition.START, seen::add));
    int writers = 4;
    int appends = 200;
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong archived = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    runConcurrently("archive race", writers + 1, index -> {
      if (index == writers) {
        while (writing.get()) {
          for (StreamId stream : streams) {
            archived.addAndGet(store.archiveStream(stream, ALL));
          }
        }
        return;
      }
      for (int i = 0; i < appends; i++) {
        store.append(streams.get((index + i) % 2), ExpectedVersion.any(),
            List.of(numbered("w" + index, i)));
      }
      if (finished.incrementAndGet() == writers) {
        writing.set(false);
      }
    });
    List<RecordedEvent<?>> log = readWholeLog(store);
    assertEquals(writers * appends, log.size());
    assertEquals(writers * appends,
        assertContiguousPerStream(log).values().stream().mapToLong(Long::longValue).sum());
    for (StreamId stream : streams) {
      archived.addAndGet(store.archiveStream(stream, ALL));
    }
    assertEquals(log.size() - streams.size(), archived.get(),
        "every event but each stream's last moved, once");
    assertEquals(log, readWholeLog(store));
    awaitHandled(subscription, log.get(log.size() - 1).position());
    assertEquals(log, List.copyOf(seen));
  }
}
