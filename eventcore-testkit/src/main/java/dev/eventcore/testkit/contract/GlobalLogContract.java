package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.subscription.Subscription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The store-wide log never skips an event, even while writers commit concurrently (as far as a
 * store-agnostic test can go; the PostgreSQL adapter's own tests hold transactions open): every
 * reader sees the one final log, in order, exactly once.
 *
 * @since 0.1.0
 */
public abstract class GlobalLogContract extends StoreContract {

  /** The highest position any writer was told about, and the ids acknowledged. */
  private static final class Acknowledged {
    final Set<EventId> ids = ConcurrentHashMap.newKeySet();
    final AtomicLong lastPosition = new AtomicLong();

    void add(AppendResult result, List<EventId> written) {
      ids.addAll(written);
      lastPosition.accumulateAndGet(result.lastPosition().value(), Math::max);
    }

    GlobalPosition last() {
      return GlobalPosition.of(lastPosition.get());
    }
  }

  private void writeConcurrently(EventStore store, int writers, int appendsPerWriter,
      Acknowledged acknowledged) throws InterruptedException {
    runConcurrently("log-writers", writers, writer -> {
      SplittableRandom random = new SplittableRandom(writer);
      for (int i = 0; i < appendsPerWriter; i++) {
        StreamId stream = StreamId.of("log", Integer.toString(random.nextInt(scale().streams())));
        var event = numbered("w" + writer, i);
        acknowledged.add(store.append(stream, ExpectedVersion.any(), List.of(event)),
            List.of(event.id()));
      }
    });
  }

  @Test
  void aReaderPagingTheLogWhileWritersCommitSeesEveryEventOnceInOrder() throws Exception {
    ContractScale scale = scale();
    EventStore store = openStore();
    Acknowledged acknowledged = new Acknowledged();
    List<RecordedEvent<?>> seen = new ArrayList<>();
    AtomicBoolean writersDone = new AtomicBoolean();
    AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        GlobalPosition position = GlobalPosition.START;
        while (true) {
          boolean finalPass = writersDone.get();
          List<RecordedEvent<?>> page = store.readAll(position, 7);
          if (page.isEmpty()) {
            if (finalPass) {
              return;
            }
            Thread.sleep(1);
            continue;
          }
          seen.addAll(page);
          position = page.get(page.size() - 1).position();
        }
      } catch (Throwable e) {
        readerFailure.set(e);
      }
    }, "contract-log-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      writeConcurrently(store, scale.writers(), Math.max(1, scale.appendsPerWriter() / 4),
          acknowledged);
    } finally {
      writersDone.set(true);
      reader.join(timeout().toMillis());
    }
    assertFalse(reader.isAlive(), "the reader did not finish within " + timeout());
    assertNull(readerFailure.get(), () -> "the reader failed: " + readerFailure.get());
    assertStrictlyIncreasing(seen, GlobalPosition.START);
    assertEquals(readWholeLog(store), seen, "the concurrent reader saw exactly the final log");
    assertEquals(acknowledged.ids, new HashSet<>(recordedIds(seen)));
    assertEquals(acknowledged.ids.size(), seen.size());
  }

  @Test
  void twoSubscribersDeliverTheIdenticalCompleteSequenceWhileWritersCommit() throws Exception {
    ContractScale scale = scale();
    EventStore store = openStore();
    List<RecordedEvent<?>> first = Collections.synchronizedList(new ArrayList<>());
    List<RecordedEvent<?>> second = Collections.synchronizedList(new ArrayList<>());
    Subscription one = track(store.subscribe(GlobalPosition.START, first::add));
    Subscription two = track(store.subscribe(GlobalPosition.START, second::add));
    Acknowledged acknowledged = new Acknowledged();

    writeConcurrently(store, scale.writers(), scale.appendsPerWriter(), acknowledged);

    awaitHandled(one, acknowledged.last());
    awaitHandled(two, acknowledged.last());
    assertEquals(scale.writers() * scale.appendsPerWriter(), acknowledged.ids.size());
    assertDeliveredExactly(first, acknowledged.ids);
    assertEquals(first, second, "both subscribers delivered the identical sequence");
    assertEquals(readWholeLog(store), first);
  }

  @Test
  void aSubscriptionCatchingUpOnALargeLogWhileWritersAppendDeliversTheLogExactly()
      throws Exception {
    ContractScale scale = scale();
    EventStore store = openStore();
    int batch = 1_000;
    for (int written = 0, b = 0; written < scale.catchUpEvents(); b++) {
      int size = Math.min(batch, scale.catchUpEvents() - written);
      List<EventData<ContractEvent>> events = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        events.add(numbered("history", written + i));
      }
      store.append(StreamId.of("history", Integer.toString(b % 10)), ExpectedVersion.any(), events);
      written += size;
    }
    List<RecordedEvent<?>> delivered = new ArrayList<>();
    Subscription subscription = track(store.subscribe(GlobalPosition.START, delivered::add));
    Acknowledged acknowledged = new Acknowledged();

    writeConcurrently(store, 4, 250, acknowledged);

    awaitHandled(subscription, acknowledged.last());
    subscription.close();
    List<RecordedEvent<?>> log = readWholeLog(store);
    assertEquals(scale.catchUpEvents() + 1_000, log.size());
    assertEquals(log.size(), delivered.size(), "no gap and no duplicate at the handover");
    assertEquals(log, delivered);
  }

  private static void assertDeliveredExactly(List<RecordedEvent<?>> delivered, Set<EventId> ids) {
    assertStrictlyIncreasing(delivered, GlobalPosition.START);
    assertContiguousPerStream(delivered);
    assertEquals(ids.size(), delivered.size(), "delivered count");
    assertEquals(ids, new HashSet<>(recordedIds(delivered)), "delivered exactly the acknowledged");
  }
}
