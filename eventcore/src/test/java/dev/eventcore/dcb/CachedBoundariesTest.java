package dev.eventcore.dcb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.AppendResult;
import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reads of {@link DcbStore#cached}, against a log in a list: each is exactly what the store's
 * own read returns, with parts of split events, events of several items, a log whose end moved
 * back, and readers racing a writer.
 */
class CachedBoundariesTest {
  private static final Tag COURSE = Tag.of("course", "c-1");
  private static final Tag STUDENT = Tag.of("student", "s-1");
  private static final DcbQuery QUERY = DcbQuery.of(QueryItem.tags(COURSE), QueryItem.tags(STUDENT));

  /** A log in a list, read up to its end; the positions each per-item read started from. */
  private static final class ListLog implements DcbStore {
    final List<DcbEvent> events = new CopyOnWriteArrayList<>();
    final List<List<GlobalPosition>> perItemReads = new CopyOnWriteArrayList<>();
    volatile long end;

    synchronized void add(long position, String part, Tag... tags) {
      Metadata metadata = part.isEmpty() ? Metadata.empty()
          : Metadata.empty().with(RecordedEvent.PART_KEY, part);
      RecordedEvent<String> event = new RecordedEvent<>(GlobalPosition.of(position),
          StreamId.of("s-" + position), Version.of(1), EventId.random(), "Noted",
          "e" + position + (part.isEmpty() ? "" : "." + part), metadata, Instant.EPOCH);
      events.add(new DcbEvent(event, new TreeSet<>(Arrays.asList(tags))));
      end = Math.max(end, position);
    }

    @Override
    public DcbRead read(DcbQuery query, GlobalPosition after) {
      long upTo = end;
      List<DcbEvent> matching = new ArrayList<>();
      for (DcbEvent event : events) {
        long at = event.position().value();
        if (at > after.value() && at <= upTo && query.matches(event)) {
          matching.add(event);
        }
      }
      return new DcbRead(query, matching, GlobalPosition.of(upTo));
    }

    @Override
    public DcbRead read(DcbQuery query, List<GlobalPosition> afterEachItem) {
      perItemReads.add(List.copyOf(afterEachItem));
      return DcbStore.super.read(query, afterEachItem);
    }

    @Override
    public AppendResult append(StreamId stream, List<TaggedEvent> events, AppendCondition c) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AppendResult append(StreamId stream, List<TaggedEvent> events) {
      throw new UnsupportedOperationException();
    }
  }

  private static List<Object> payloads(DcbRead read) {
    return read.events().stream().map(DcbEvent::payload).toList();
  }

  @Test
  void theReadIsTheStoresWithSplitPartsAndEventsOfBothItemsOnceInOrder() {
    ListLog log = new ListLog();
    DcbStore cached = log.cached(1_000);
    log.add(1, "", COURSE);
    log.add(2, "1/2", COURSE); // a split: its parts share a position, each with its own tags
    log.add(2, "2/2", STUDENT);
    log.add(3, "", COURSE, STUDENT);
    assertEquals(payloads(log.read(QUERY)), payloads(cached.read(QUERY)));

    log.add(4, "1/2", STUDENT);
    log.add(4, "2/2", COURSE);
    log.add(5, "", COURSE, STUDENT);
    DcbRead read = cached.read(QUERY);
    assertEquals(List.of("e1", "e2.1/2", "e2.2/2", "e3", "e4.1/2", "e4.2/2", "e5"), payloads(read));
    assertEquals(GlobalPosition.of(5), read.position());
    assertEquals(List.of("e4.1/2", "e4.2/2", "e5"),
        payloads(cached.read(QUERY, GlobalPosition.of(3))));
    assertEquals(List.of(GlobalPosition.of(5), GlobalPosition.of(5)),
        log.perItemReads.get(log.perItemReads.size() - 1), "each item after what it knew");
  }

  @Test
  void aLogWhoseEndMovedBackIsReadAsItIsAndForgotten() {
    ListLog log = new ListLog();
    DcbStore cached = log.cached(1_000);
    log.add(1, "", COURSE);
    log.add(2, "", STUDENT);
    cached.read(QUERY);
    log.events.remove(1); // the newest event removed: the end is back at 1
    log.end = 1;
    assertEquals(List.of("e1"), payloads(cached.read(QUERY)));
    cached.read(QUERY);
    assertEquals(List.of(GlobalPosition.START, GlobalPosition.START),
        log.perItemReads.get(log.perItemReads.size() - 1), "read from the start again");
  }

  @Test
  void aTailReadOfItemsNotKnownIsTheStoresAndKeepsNothing() {
    ListLog log = new ListLog();
    DcbStore cached = log.cached(1_000);
    log.add(1, "", COURSE);
    log.add(2, "", STUDENT);
    assertEquals(List.of("e2"), payloads(cached.read(QUERY, GlobalPosition.of(1))));
    assertEquals(List.of(), log.perItemReads);
    assertEquals(List.of("e1", "e2"), payloads(cached.read(QUERY)));
  }

  @Test
  void readersRacingAWriterEachReadWhatTheStoreHadUpToTheirPosition() throws Exception {
    ListLog log = new ListLog();
    DcbStore cached = log.cached(10_000);
    Tag[] tags = {COURSE, STUDENT, Tag.of("course", "c-2")};
    ExecutorService threads = Executors.newFixedThreadPool(5);
    try {
      Future<?> writer = threads.submit(() -> {
        for (int p = 1; p <= 3_000; p++) {
          log.add(p, "", tags[p % 3], tags[(p / 3) % 3]);
        }
      });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        readers.add(threads.submit(() -> {
          int reads = 0;
          while (!writer.isDone() || reads == 0) {
            DcbRead read = cached.read(QUERY);
            List<Object> expected = new ArrayList<>();
            for (DcbEvent event : log.events) {
              if (event.position().compareTo(read.position()) <= 0 && QUERY.matches(event)) {
                expected.add(event.payload());
              }
            }
            assertEquals(expected, payloads(read), "read up to " + read.position());
            reads++;
          }
          return reads;
        }));
      }
      writer.get(30, TimeUnit.SECONDS);
      for (Future<Integer> reader : readers) {
        reader.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
