package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Writers racing on real threads: nothing lost, duplicated, torn or deadlocked.
 *
 * @since 0.1.0
 */
public abstract class ConcurrencyContract extends StoreContract {
  private static final int MAX_ATTEMPTS = 100_000;

  @Test
  void racingWritersWithExactVersionsAndRetriesLoseAndDuplicateNothing() throws Exception {
    ContractScale scale = scale();
    EventStore store = openStore();
    Set<EventId> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger conflicts = new AtomicInteger();
    runConcurrently("exact-writers", scale.writers(), writer -> {
      SplittableRandom random = new SplittableRandom(writer);
      for (int i = 0; i < scale.appendsPerWriter(); i++) {
        StreamId stream = StreamId.of("account", Integer.toString(random.nextInt(scale.streams())));
        EventData<ContractEvent> event = numbered("w" + writer, i);
        for (int attempt = 1; ; attempt++) {
          Version read = store.currentVersion(stream);
          try {
            AppendResult result =
                store.append(stream, ExpectedVersion.exactly(read), List.of(event));
            assertEquals(read.next(), result.nextExpectedVersion());
            acknowledged.add(event.id());
            break;
          } catch (WrongExpectedVersionException e) {
            conflicts.incrementAndGet();
            assertEquals(stream, e.stream());
            assertEquals(ExpectedVersion.exactly(read), e.expected());
            assertTrue(e.actual().compareTo(read) > 0, () -> "a conflict reports actual version "
                + e.actual() + " though " + read + " was read before and streams only grow");
            if (attempt == MAX_ATTEMPTS) {
                fail("no progress on " + stream + " after " + attempt + " attempts");
            }
          }
        }
      }
    });
    List<RecordedEvent<?>> log = readWholeLog(store);
    assertEquals(scale.writers() * scale.appendsPerWriter(), log.size());
    assertEquals(acknowledged, new HashSet<>(recordedIds(log)), "every acknowledged event, once");
    Map<StreamId, Long> versions = assertContiguousPerStream(log);
    for (Map.Entry<StreamId, Long> stream : versions.entrySet()) {
      assertEquals(Version.of(stream.getValue()), store.currentVersion(stream.getKey()));
      assertEquals(stream.getValue(), store.readStream(stream.getKey()).size());
    }
  }

  @Test
  void concurrentAnyAppendsToOneStreamAllSucceedWithDistinctContiguousVersions()
      throws Exception {
    ContractScale scale = scale();
    EventStore store = openStore();
    StreamId stream = StreamId.of("hot-1");
    for (int round = 0; round < scale.sameStreamRounds(); round++) {
      Set<Long> versions = ConcurrentHashMap.newKeySet();
      long before = store.currentVersion(stream).value();
      runConcurrently("same-stream", scale.sameStreamAppenders(), appender -> {
        AppendResult result =
            store.append(stream, ExpectedVersion.any(), List.of(numbered("a" + appender, 0)));
        assertTrue(versions.add(result.nextExpectedVersion().value()),
            "version " + result.nextExpectedVersion() + " handed out twice");
      });
      Set<Long> expected = new HashSet<>();
      for (long v = before + 1; v <= before + scale.sameStreamAppenders(); v++) {
        expected.add(v);
      }
      assertEquals(expected, versions, "round " + round);
    }
    List<RecordedEvent<?>> events = store.readStream(stream);
    assertEquals(scale.sameStreamAppenders() * scale.sameStreamRounds(), events.size());
    assertContiguousPerStream(readWholeLog(store));
  }

  /** One multi-stream append a writer attempted, and what became of it. */
  private record Attempt(List<StreamAppend> parts, boolean acknowledged, AppendResult result) {}

  @Test
  void racingMultiStreamAppendsAreAllOrNothingAndNeverDeadlock() throws Exception {
    ContractScale scale = scale();
    EventStore store = openStore();
    List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger deliberatelyStale = new AtomicInteger();
    runConcurrently("multi-stream", scale.multiStreamWriters(), writer -> {
      SplittableRandom random = new SplittableRandom(1_000 + writer);
      for (int i = 0; i < scale.multiStreamAppendsPerWriter(); i++) {
        List<StreamId> streams = pickStreams(random, scale.multiStreamPool());
        boolean stale = random.nextInt(10) == 0;
        for (int attempt = 1; ; attempt++) {
          List<StreamAppend> parts = new ArrayList<>();
          boolean madeStale = false;
          for (StreamId stream : streams) {
            Version read = store.currentVersion(stream);
            ExpectedVersion expected = ExpectedVersion.exactly(read);
            if (stale && !madeStale && read.value() > 0) {
              expected = ExpectedVersion.exactly(Version.of(read.value() - 1));
              madeStale = true;
            }
            List<EventData<ContractEvent>> events = new ArrayList<>();
            for (int e = random.nextInt(3); e >= 0; e--) {
              events.add(numbered("m" + writer + "-" + i, e));
            }
            parts.add(StreamAppend.of(stream, expected, events));
          }
          try {
            AppendResult result = store.append(parts);
            if (madeStale) {
              fail("an append with a stale expectation succeeded: " + parts);
            }
            attempts.add(new Attempt(parts, true, result));
            break;
          } catch (WrongExpectedVersionException e) {
            attempts.add(new Attempt(parts, false, null));
            if (madeStale) {
              deliberatelyStale.incrementAndGet();
              break;
            }
            if (attempt == MAX_ATTEMPTS) {
              fail("no progress on " + streams + " after " + attempt + " attempts");
            }
          }
        }
      }
    });
    assertTrue(deliberatelyStale.get() > 0, "no append was made stale; the test proved nothing");
    assertAllOrNothing(readWholeLog(store), attempts);
  }

  /**
   * Single-stream and multi-stream appends with {@link ExpectedVersion#any()} racing on the same
   * streams: an adapter may write the two kinds by different paths (PostgreSQL: a direct INSERT and
   * the append function), which must not trip over each other. Every append succeeds.
   */
  @Test
  void singleAndMultiStreamAnyAppendsRacingOnSharedStreamsAllSucceed() throws Exception {
    ContractScale scale = scale();
    EventStore store = openStore();
    List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    runConcurrently("mixed", Math.max(4, scale.multiStreamWriters()), writer -> {
      SplittableRandom random = new SplittableRandom(2_000 + writer);
      for (int i = 0; i < scale.multiStreamAppendsPerWriter(); i++) {
        List<StreamId> streams = pickStreams(random, scale.multiStreamPool());
        if (writer % 2 == 0) {
          streams = streams.subList(0, 1);
        }
        List<StreamAppend> parts = new ArrayList<>();
        for (StreamId stream : streams) {
          List<EventData<ContractEvent>> events = new ArrayList<>();
          for (int e = random.nextInt(3); e >= 0; e--) {
            events.add(numbered("x" + writer + "-" + i, e));
          }
          parts.add(StreamAppend.of(stream, ExpectedVersion.any(), events));
        }
        attempts.add(new Attempt(parts, true, store.append(parts)));
      }
    });
    assertAllOrNothing(readWholeLog(store), attempts);
  }

  private static List<StreamId> pickStreams(SplittableRandom random, int pool) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < pool; i++) {
      all.add(i);
    }
    List<StreamId> picked = new ArrayList<>();
    int count = 2 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      int index = all.remove(random.nextInt(all.size()));
      picked.add(StreamId.of("pool", Integer.toString(index)));
    }
    return picked;
  }

  private static void assertAllOrNothing(List<RecordedEvent<?>> log, List<Attempt> attempts) {
    assertContiguousPerStream(log);
    Map<EventId, RecordedEvent<?>> stored = new HashMap<>();
    for (RecordedEvent<?> event : log) {
      stored.put(event.id(), event);
    }
    int expectedCount = 0;
    for (Attempt attempt : attempts) {
      for (StreamAppend part : attempt.parts()) {
        long version = -1;
        for (EventData<?> event : part.events()) {
          RecordedEvent<?> found = stored.get(event.id());
          if (!attempt.acknowledged()) {
            assertNull(found, "an event of a failed append was written: " + found);
            continue;
          }
          expectedCount++;
          assertTrue(found != null, "an acknowledged event is missing from " + part.stream());
          assertEquals(part.stream(), found.streamId());
          assertTrue(found.position().compareTo(attempt.result().firstPosition()) >= 0
                  && found.position().compareTo(attempt.result().lastPosition()) <= 0,
              () -> found.describe() + " lies outside the positions its append returned");
          if (version >= 0) {
            assertEquals(version + 1, found.version().value(), "an append's events are contiguous");
          }
          version = found.version().value();
        }
        if (attempt.acknowledged() && version >= 0) {
          assertEquals(Version.of(version), attempt.result().version(part.stream()));
        }
      }
    }
    assertEquals(expectedCount, log.size(), "the log holds exactly the acknowledged events");
  }
}
