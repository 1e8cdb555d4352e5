package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.spi.ComposedEventStore;
import dev.eventcore.subscription.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many subscriptions on one store share its reads of the log, each filtering for itself: each
 * still gets exactly its events, once, in order, at its own pace, whenever it starts.
 *
 * @since 0.1.0
 */
public abstract class SharedTailContract extends StoreContract {
  private static final List<EventFilter> FILTERS = List.of(
      EventFilter.all(),
      EventFilter.categories("alpha"),
      EventFilter.categories("beta"),
      EventFilter.categories("alpha", "gamma"),
      EventFilter.types("Numbered"),
      EventFilter.categories("beta").withTypes("Noted"));
  private static final String[] CATEGORIES = {"alpha", "beta", "gamma"};

  private final AtomicInteger examples = new AtomicInteger();

  /** A subscription and what it handled. */
  private record Subscriber(EventFilter filter, Subscription subscription,
      List<RecordedEvent<?>> handled) {}

  private Subscriber subscriber(EventStore store, GlobalPosition after, EventFilter filter) {
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    return new Subscriber(filter, track(store.subscribe(after, filter, handled::add)), handled);
  }

  /** Waits until {@code s} passed {@code last}; checks it got exactly its events up to there. */
  private void assertGotExactlyItsEvents(
      EventStore store, Subscriber s, GlobalPosition after, GlobalPosition last)
      throws InterruptedException {
    awaitHandled(s.subscription(), last);
    List<GlobalPosition> expected = readLogAfter(store, after, 1_000).stream()
        .filter(s.filter()::matches).map(RecordedEvent::position)
        .filter(p -> p.compareTo(last) <= 0).toList();
    List<GlobalPosition> got = s.handled().stream().map(RecordedEvent::position)
        .filter(p -> p.compareTo(last) <= 0).toList();
    assertEquals(expected, got, () -> s.filter() + " after " + after);
  }

  private static EventData<ContractEvent> event(String writer, long i) {
    return i % 2 == 0 ? numbered(writer, i) : noted(writer + "-" + i);
  }

  @Test
  void subscriptionsWithDifferentFiltersUnderConcurrentWritersEachGetExactlyTheirEventsOnceInOrder()
      throws InterruptedException {
    EventStore store = openStore();
    List<Subscriber> subscribers = new ArrayList<>();
    for (EventFilter filter : FILTERS) {
      subscribers.add(subscriber(store, GlobalPosition.START, filter));
    }
    runConcurrently("shared-tail", 4, writer -> {
      for (int i = 0; i < 40; i++) {
        StreamId stream = StreamId.of(CATEGORIES[(writer + i) % 3], "w" + writer);
        store.append(stream, ExpectedVersion.any(),
            List.of(event("w" + writer, i), event("w" + writer, i + 1)));
      }
    });
    List<RecordedEvent<?>> log = readWholeLog(store);
    GlobalPosition last = log.get(log.size() - 1).position();
    for (Subscriber s : subscribers) {
      assertGotExactlyItsEvents(store, s, GlobalPosition.START, last);
    }
  }

  @Test
  void aSlowSubscriberHoldsBackNoOtherAndThenGetsEverythingOnce() throws InterruptedException {
    EventStore store = openStore();
    CountDownLatch release = new CountDownLatch(1);
    List<RecordedEvent<?>> slow = new CopyOnWriteArrayList<>();
    Subscription blocked = track(store.subscribe(GlobalPosition.START, event -> {
      release.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
      slow.add(event);
    }));
    Subscriber fast = subscriber(store, GlobalPosition.START, EventFilter.all());
    AppendResult result = null;
    for (int i = 0; i < 20; i++) {
      result = store.append(StreamId.of("alpha-slow"), ExpectedVersion.any(), noted("e" + i, 10));
    }
    assertGotExactlyItsEvents(store, fast, GlobalPosition.START, result.lastPosition());
    assertTrue(slow.size() <= 1, "the slow handler is still on its first event");
    release.countDown();
    awaitHandled(blocked, result.lastPosition());
    assertEquals(readWholeLog(store), slow);
  }

  @Test
  void aSubscriberWhoseBufferOverflowsCatchesUpByItselfAndRejoinsTheLiveLog()
      throws InterruptedException {
    EventStore store = openStore();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    List<RecordedEvent<?>> slow = new CopyOnWriteArrayList<>();
    Subscription blocked = track(store.subscribe(GlobalPosition.START, event -> {
      entered.countDown();
      release.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
      slow.add(event);
    }));
    Subscriber fast = subscriber(store, GlobalPosition.START, EventFilter.categories("alpha"));
    StreamId stream = StreamId.of("alpha-flood");
    store.append(stream, ExpectedVersion.any(), noted("first", 1));
    assertTrue(entered.await(timeout().toMillis(), TimeUnit.MILLISECONDS));
    int total = 0;
    AppendResult result = null;
    while (total <= 2 * ComposedEventStore.SUBSCRIPTION_BUFFER_EVENTS) {
      result = store.append(stream, ExpectedVersion.any(), noted("flood" + total, 500));
      total += 500;
    }
    assertGotExactlyItsEvents(store, fast, GlobalPosition.START, result.lastPosition());
    release.countDown();
    awaitHandled(blocked, result.lastPosition());
    assertEquals(readWholeLog(store), slow, "everything, once, in order, after the overflow");
    AppendResult live = store.append(stream, ExpectedVersion.any(), noted("live", 2));
    awaitHandled(blocked, live.lastPosition());
    assertEquals(readWholeLog(store), slow, "and it is live again");
  }

  @Test
  void closingASubscriptionWhileItsHandlerRunsWaitsForItAndDeliversNothingMore()
      throws Exception {
    EventStore store = openStore();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription closing = track(store.subscribe(GlobalPosition.START, event -> {
      entered.countDown();
      release.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
      handled.add(event);
    }));
    Subscriber other = subscriber(store, GlobalPosition.START, EventFilter.all());
    store.append(StreamId.of("alpha-close"), ExpectedVersion.any(), noted("batch", 10));
    assertTrue(entered.await(timeout().toMillis(), TimeUnit.MILLISECONDS));
    AtomicBoolean closed = new AtomicBoolean();
    Thread closer = new Thread(() -> {
      closing.close();
      closed.set(true);
    }, "contract-closer");
    closer.start();
    closer.join(200);
    assertTrue(!closed.get(), "close() returned while the handler was still running");
    release.countDown();
    closer.join(timeout().toMillis());
    assertTrue(closed.get(), "close() did not return after the handler did");
    assertEquals(1, handled.size(), "the event in hand completes; nothing after it is handled");
    AppendResult later = store.append(StreamId.of("alpha-close"), ExpectedVersion.any(),
        noted("later", 3));
    assertGotExactlyItsEvents(store, other, GlobalPosition.START, later.lastPosition());
    assertEquals(1, handled.size());
  }

  @Test
  void subscriptionsStartedAtRandomTimesBehindTheTailJoinWithoutGapOrDuplicate() {
    EventStore store = openStore();
    qt().withFixedSeed(20_261_204L).withExamples(Math.max(2, scale().propertyExamples() / 5))
        .forAll(lists().of(integers().between(0, 11)).ofSizeBetween(3, 20))
        .checkAssert(script -> {
          try {
            randomJoins(store, script);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
          }
        });
  }

  /**
   * Runs {@code script} while a writer appends to the example's streams: each step appends one to
   * three events, and a step {@code >= 6} also subscribes with one of the filters, from the start
   * of the example or from a position read so far. Then checks every subscription.
   */
  private void randomJoins(EventStore store, List<Integer> script) throws InterruptedException {
    String example = "x" + examples.incrementAndGet();
    GlobalPosition start = store.append(StreamId.of("alpha", example), ExpectedVersion.any(),
        List.of(noted("start"))).lastPosition();
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      for (long i = 0; !stop.get(); i++) {
        store.append(StreamId.of(CATEGORIES[(int) (i % 3)], example + "w"), ExpectedVersion.any(),
            List.of(event("w", i)));
      }
    }, "contract-writer");
    writer.start();
    List<GlobalPosition> seen = new ArrayList<>(List.of(start));
    List<Subscriber> subscribers = new ArrayList<>();
    List<GlobalPosition> starts = new ArrayList<>();
    try {
      for (int step : script) {
        String category = CATEGORIES[step % 3];
        seen.add(store.append(StreamId.of(category, example), ExpectedVersion.any(),
            noted(example, 1 + step % 3)).lastPosition());
        if (step >= 6) {
          GlobalPosition from = seen.get((step * 7) % seen.size());
          starts.add(from);
          subscribers.add(subscriber(store, from, FILTERS.get(step % FILTERS.size())));
        }
      }
    } finally {
      stop.set(true);
      writer.join(timeout().toMillis());
    }
    GlobalPosition last = store.append(StreamId.of("alpha", example), ExpectedVersion.any(),
        List.of(noted("end"))).lastPosition();
    for (int i = 0; i < subscribers.size(); i++) {
      assertGotExactlyItsEvents(store, subscribers.get(i), starts.get(i), last);
      subscribers.get(i).subscription().close();
    }
  }
}
