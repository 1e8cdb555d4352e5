package dev.eventcore.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.internal.HandlerMdc;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryDeadLetterStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the store, subscriptions, projections and commands tell an observer. */
class ObserverTest {
  record Added(int n) {}

  record Add(int n) {}

  private static final StreamId STREAM = StreamId.of("sum", "1");
  private static final Decider<Add, Integer, Added> SUM = Decider.of(0,
      (sum, added) -> sum + added.n(),
      (add, sum) -> {
        if (add.n() < 0) {
          throw new CommandRejectedException("only positive numbers");
        }
        return List.of(new Added(add.n()));
      });

  private final RecordingObserver observer = new RecordingObserver();
  private final InMemoryEventStore store = new InMemoryEventStore(
      EventTypes.of(Added.class), StoreLimits.defaults(), Clock.systemUTC(), observer);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void appendsAreReportedWithTheirOutcomeStreamsAndEvents() {
    EventData<Added> first = EventData.of(new Added(1));
    store.append(STREAM, ExpectedVersion.noStream(), List.of(first, EventData.of(new Added(2))));
    // the same id at another position is no retry: a duplicate, refused
    assertThrows(DuplicateEventIdException.class,
        () -> store.append(STREAM, ExpectedVersion.exactly(Version.of(2)), List.of(first)));
    assertEquals(List.of("appended OK 1 2", "appended DUPLICATE 1 1"), observer.of("appended"));
  }

  @Test
  void conflictsAndRetriesAreToldApart() {
    EventData<Added> one = EventData.of(new Added(1));
    store.append(STREAM, ExpectedVersion.noStream(), List.of(one));
    store.append(STREAM, ExpectedVersion.noStream(), List.of(one)); // the same append again: OK
    assertThrows(WrongExpectedVersionException.class, () -> store.append(STREAM,
        ExpectedVersion.noStream(), List.of(EventData.of(new Added(2)))));

    assertEquals(List.of("appended OK 1 1", "appended OK 1 1", "appended CONFLICT 1 1"),
        observer.of("appended"));
    assertTrue(observer.nanos.stream().allMatch(n -> n >= 0));
  }

  @Test
  void theDurationOfAnAppendOrAReadIsWithinTheTimeTheCallTook() {
    long before = System.nanoTime();
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(1))));
    long appendTook = System.nanoTime() - before;
    assertEquals(1, observer.nanos.size());
    long appended = observer.nanos.get(0);
    assertTrue(appended >= 0 && appended <= appendTook, appended + " of " + appendTook);

    before = System.nanoTime();
    store.readAll(GlobalPosition.START, 10);
    long readTook = System.nanoTime() - before;
    assertEquals(List.of("read LOG 1"), observer.of("read"));
    long read = observer.nanos.get(1);
    assertTrue(read >= 0 && read <= readTook, read + " of " + readTook);
  }

  @Test
  void readsAreReportedWithTheEventsTheyReturned() {
    store.append(STREAM, ExpectedVersion.any(),
        List.of(EventData.of(new Added(1)), EventData.of(new Added(2))));

    store.readStream(STREAM);
    store.readStream(STREAM, Version.of(2), 10);
    store.readAll(GlobalPosition.START, 10);

    assertEquals(List.of("read STREAM 2", "read STREAM 1", "read LOG 2"), observer.of("read"));
  }

  @Test
  void aSubscriptionReportsDeliveriesAndCatchingUpUnderItsName() throws Exception {
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(1))));
    CountDownLatch caughtUp = new CountDownLatch(1);
    try (Subscription subscription = store.subscribe(GlobalPosition.START, new dev.eventcore
        .subscription.EventHandler() {
          @Override
          public void handle(dev.eventcore.RecordedEvent<?> event) {}

          @Override
          public void caughtUp() {
            caughtUp.countDown();
          }

          @Override
          public String name() {
            return "totals";
          }
        })) {
      assertTrue(caughtUp.await(10, TimeUnit.SECONDS));
    }
    assertTrue(observer.calls.contains("delivered totals 1"), observer.calls.toString());
    assertTrue(observer.calls.contains("caughtUp totals"), observer.calls.toString());
  }

  @Test
  void aFailingSubscriptionIsReported() throws Exception {
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(1))));
    Subscription subscription = store.subscribe(GlobalPosition.START, event -> {
      throw new IllegalStateException("boom");
    });
    for (int i = 0; i < 200 && subscription.failure().isEmpty(); i++) {
      Thread.sleep(10);
    }
    subscription.close();
    assertEquals(1, observer.of("subscriptionFailed subscription-").size(), observer.calls.toString());
  }

  @Test
  void handlersRunWithTheEventInTheMdcAndTheMdcIsClearedAfterwards() throws Exception {
    EventData<Added> event = new EventData<>(EventId.random(), new Added(1),
        Metadata.empty().withCorrelationId("order-7"));
    GlobalPosition position = store.append(STREAM, ExpectedVersion.any(), List.of(event))
        .lastPosition();
    Map<String, String> seen = new ConcurrentHashMap<>();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch handled = new CountDownLatch(1);
    ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
        .observer(observer).build();
    runner.register(Projection.of("mdc-check", e -> {
      seen.putAll(MDC.getCopyOfContextMap());
      calls.incrementAndGet();
      handled.countDown();
    }));
    runner.start("mdc-check");
    assertTrue(handled.await(10, TimeUnit.SECONDS));
    runner.close();

    assertEquals(STREAM.value(), seen.get(HandlerMdc.STREAM));
    assertEquals(Long.toString(position.value()), seen.get(HandlerMdc.POSITION));
    assertEquals(event.id().value().toString(), seen.get(HandlerMdc.EVENT_ID));
    assertEquals("order-7", seen.get(HandlerMdc.CORRELATION_ID));
    assertEquals("mdc-check", seen.get(HandlerMdc.PROJECTION));
    assertEquals(1, calls.get());
    // the projection's subscription is named after it, and its lease was taken and given back
    assertTrue(observer.calls.contains("delivered mdc-check 1"), observer.calls.toString());
    assertEquals(List.of("leaseChanged mdc-check true", "leaseChanged mdc-check false"),
        observer.of("leaseChanged"));
    assertTrue(observer.of("projectionCommitted mdc-check").size() >= 1);
  }

  @Test
  void theMdcIsClearedWhenTheHandlerReturns() throws Exception {
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(1))));
    Map<String, String> during = new ConcurrentHashMap<>();
    Map<String, String> after = new ConcurrentHashMap<>();
    CountDownLatch caughtUp = new CountDownLatch(1);
    try (Subscription subscription = store.subscribe(GlobalPosition.START,
        new dev.eventcore.subscription.EventHandler() {
          @Override
          public void handle(dev.eventcore.RecordedEvent<?> event) {
            during.putAll(MDC.getCopyOfContextMap());
          }

          @Override
          public void caughtUp() { // on the same thread, after handle returned
            Map<String, String> left = MDC.getCopyOfContextMap();
            if (left != null) {
              after.putAll(left);
            }
            caughtUp.countDown();
          }
        })) {
      assertTrue(caughtUp.await(10, TimeUnit.SECONDS));
    }
    assertEquals(STREAM.value(), during.get(HandlerMdc.STREAM));
    assertEquals(Map.of(), after);
  }

  @Test
  void deadLettersAreReported() throws Exception {
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(1))));
    InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
        .observer(observer).build();
    runner.register(Projection.of("failing", e -> {
      throw new IllegalStateException("boom");
    }), ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters));
    runner.start("failing");
    assertTrue(runner.awaitPosition("failing", store.readAll(GlobalPosition.START, 1).get(0)
        .position(), Duration.ofSeconds(10)));
    runner.close();

    assertEquals(List.of("deadLettered failing"), observer.of("deadLettered"));
  }

  @Test
  void commandsAreReportedWithOutcomeAndAttempts() {
    AggregateRepository<Add, Integer, Added> sums =
        AggregateRepository.builder(store, SUM, Added.class).observer(observer).build();

    sums.handle(STREAM, new Add(1));
    assertThrows(CommandRejectedException.class, () -> sums.handle(STREAM, new Add(-1)));

    assertEquals(List.of("commandHandled Add OK 1", "commandHandled Add REJECTED 1"),
        observer.of("commandHandled"));
  }

  @Test
  void aThrowingObserverNeverFailsTheWorkAndTheOthersStillHear() {
    Observer throwing = new Observer() {
      @Override
      public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
        throw new IllegalStateException("observer bug");
      }
    };
    RecordingObserver second = new RecordingObserver();
    try (InMemoryEventStore guarded = new InMemoryEventStore(EventTypes.of(Added.class),
        StoreLimits.defaults(), Clock.systemUTC(), Observer.of(throwing, second))) {
      guarded.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(1))));
      guarded.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(2))));
      assertEquals(2, guarded.readStream(STREAM).size());
    }
    assertEquals(List.of("appended OK 1 1", "appended OK 1 1"), second.of("appended"));
  }

  @Test
  void combiningDropsNoneAndFlattens() {
    assertSame(Observer.NONE, Observer.of());
    assertSame(Observer.NONE, Observer.of(Observer.NONE, Observer.NONE));
    assertThrows(NullPointerException.class, () -> Observer.of((Observer) null));
    assertThrows(NullPointerException.class, () -> Observer.of((Observer[]) null));
    Observer one = Observer.of(observer);
    Observer.of(one, Observer.of(observer)).sagaStep("s");
    assertEquals(List.of("sagaStep s", "sagaStep s"), observer.of("sagaStep"));
  }

  @Test
  void buildersRejectANullObserver() {
    assertThrows(NullPointerException.class,
        () -> ProjectionRunner.builder(store, new InMemoryCheckpointStore()).observer(null));
    assertThrows(NullPointerException.class,
        () -> AggregateRepository.builder(store, SUM, Added.class).observer(null));
    assertThrows(NullPointerException.class, () -> new InMemoryEventStore(
        EventTypes.of(Added.class), StoreLimits.defaults(), Clock.systemUTC(), null));
    assertThrows(DuplicateEventIdException.class, () -> {
      EventData<Added> same = EventData.of(new Added(1));
      store.append(STREAM, ExpectedVersion.any(), List.of(same));
      store.append(StreamId.of("sum", "2"), ExpectedVersion.any(), List.of(same));
    });
  }
}
