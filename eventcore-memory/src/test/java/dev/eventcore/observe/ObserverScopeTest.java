package dev.eventcore.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.Command;
import dev.eventcore.command.CommandContext;
import dev.eventcore.command.CommandExecutor;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.command.Decision;
import dev.eventcore.command.StreamsRead;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hooks around the work: scopes, and the entries an observer adds to appended events. */
class ObserverScopeTest {
  record Added(int n) {}

  record Add(int n) {}

  private static final StreamId STREAM = StreamId.of("sum", "1");
  private static final EventTypes TYPES = EventTypes.of(Added.class);
  private static final Decider<Add, Integer, Added> SUM = Decider.of(0,
      (sum, added) -> sum + added.n(),
      (add, sum) -> {
        if (add.n() < 0) {
          throw new CommandRejectedException("only positive numbers");
        }
        return List.of(new Added(add.n()));
      });

  private final ScopeRecorder recorder = new ScopeRecorder();
  private final InMemoryEventStore store = store(recorder);

  private static InMemoryEventStore store(Observer observer) {
    return new InMemoryEventStore(TYPES, StoreLimits.defaults(), Clock.systemUTC(), observer);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Appends one event inside a scope of the recorder, as a traced request would. */
  private GlobalPosition appendInScope(InMemoryEventStore target, Metadata metadata) {
    try (Observer.Scope request = recorder.start(WorkKind.COMMAND, "request", Metadata.empty())) {
      return target.append(STREAM, ExpectedVersion.any(),
          List.of(new EventData<>(EventId.random(), new Added(1), metadata))).lastPosition();
    }
  }

  @Test
  void anAppendStoresTheObserversEntriesWithEachEventTheirsWinning() {
    try (Observer.Scope request = recorder.start(WorkKind.COMMAND, "request", Metadata.empty())) {
      store.append(STREAM, ExpectedVersion.noStream(), List.of(
          EventData.of(new Added(1), Metadata.empty().withCorrelationId("order-7")),
          EventData.of(new Added(2), Metadata.empty().with(ScopeRecorder.KEY, "stale"))));
    }
    List<RecordedEvent<?>> stored = store.readStream(STREAM);
    assertEquals(Map.of("correlationId", "order-7", ScopeRecorder.KEY, "COMMAND#1"),
        stored.get(0).metadata().entries());
    assertEquals(Map.of(ScopeRecorder.KEY, "COMMAND#1"), stored.get(1).metadata().entries());
    assertEquals(List.of("start COMMAND request <- -", "start APPEND sum <- -", "end APPEND",
        "end COMMAND"), recorder.log);
  }

  @Test
  void withoutAnObserverOrOutsideAnyScopeNothingIsAdded() {
    try (InMemoryEventStore plain = store(Observer.NONE)) {
      appendInScope(plain, Metadata.empty().withCorrelationId("c"));
      assertEquals(Map.of("correlationId", "c"), plain.readStream(STREAM).get(0).metadata()
          .entries());
    }
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(1))));
    assertTrue(store.readStream(STREAM).get(0).metadata().isEmpty());
  }

  @Test
  void theAddedEntriesCountTowardTheMetadataLimit() {
    Observer big = new Observer() {
      @Override
      public Metadata appendMetadata() {
        return Metadata.empty().with("tracestate", "x".repeat(100));
      }
    };
    StoreLimits limits = StoreLimits.defaults().withMaxEventBytes(64);
    List<EventData<?>> events = List.of(EventData.of(new Added(1)));
    try (InMemoryEventStore plain = new InMemoryEventStore(TYPES, limits, Clock.systemUTC());
        InMemoryEventStore traced =
            new InMemoryEventStore(TYPES, limits, Clock.systemUTC(), big)) {
      plain.append(STREAM, ExpectedVersion.any(), events);
      assertThrows(PayloadTooLargeException.class,
          () -> traced.append(STREAM, ExpectedVersion.any(), events));
    }
  }

  @Test
  void aFailedAppendFailsItsScope() {
    store.append(STREAM, ExpectedVersion.noStream(), List.of(EventData.of(new Added(1))));
    assertThrows(WrongExpectedVersionException.class, () -> store.append(STREAM,
        ExpectedVersion.noStream(), List.of(EventData.of(new Added(2)))));
    assertEquals(List.of("start APPEND sum <- -", "end APPEND", "start APPEND sum <- -",
        "failed APPEND WrongExpectedVersionException", "end APPEND"), recorder.log);
  }

  @Test
  void reservedKeysOrNullFromAnObserverAreIgnored() {
    Observer reserved = new Observer() {
      @Override
      public Metadata appendMetadata() {
        return Metadata.empty().with("eventcore.part", "1");
      }
    };
    Observer nulls = new Observer() {
      @Override
      public Metadata appendMetadata() {
        return null;
      }

      @Override
      public Scope start(WorkKind kind, String name, Metadata cause) {
        return null;
      }
    };
    try (InMemoryEventStore odd = store(Observer.of(reserved, nulls, recorder))) {
      appendInScope(odd, Metadata.empty());
      assertEquals(Map.of(ScopeRecorder.KEY, "COMMAND#1"),
          odd.readStream(STREAM).get(0).metadata().entries());
    }
  }

  @Test
  void anObserverThrowingInAnyHookNeverFailsTheWork() throws Exception {
    Observer throwing = new Observer() {
      @Override
      public Metadata appendMetadata() {
        throw new IllegalStateException("observer bug");
      }

      @Override
      public Scope start(WorkKind kind, String name, Metadata cause) {
        if (kind == WorkKind.APPEND) {
          throw new IllegalStateException("observer bug");
        }
        return new Scope() {
          @Override
          public void failed(Throwable error) {
            throw new IllegalStateException("observer bug");
          }

          @Override
          public void close() {
            throw new IllegalStateException("observer bug");
          }
        };
      }
    };
    Observer both = Observer.of(throwing, recorder);
    try (InMemoryEventStore guarded = store(both)) {
      AggregateRepository<Add, Integer, Added> sums =
          AggregateRepository.builder(guarded, SUM, Added.class).observer(both).build();
      sums.handle(STREAM, new Add(1));
      assertThrows(CommandRejectedException.class, () -> sums.handle(STREAM, new Add(-1)));
      CountDownLatch handled = new CountDownLatch(1);
      try (Subscription subscription =
          guarded.subscribe(GlobalPosition.START, event -> handled.countDown())) {
        assertTrue(handled.await(10, TimeUnit.SECONDS));
      }
      assertEquals(1, guarded.readStream(STREAM).size());
    }
    // the other observer heard everything, its scopes nested as they should
    assertEquals(List.of("start COMMAND Add <- -", "start DECIDE Add <- -", "end DECIDE",
        "start APPEND sum <- -", "end APPEND", "end COMMAND", "start COMMAND Add <- -",
        "start DECIDE Add <- -", "start LOAD sum <- -", "end LOAD",
        "failed DECIDE CommandRejectedException", "end DECIDE",
        "failed COMMAND CommandRejectedException", "end COMMAND"),
        recorder.log.subList(0, 14));
  }

  @Test
  void theScopesOfSeveralObserversCloseInTheReverseOrder() {
    List<String> heard = new CopyOnWriteArrayList<>();
    Observer[] pair = new Observer[2];
    for (int i = 0; i < 2; i++) {
      String me = "o" + i;
      pair[i] = new Observer() {
        @Override
        public Scope start(WorkKind kind, String name, Metadata cause) {
          heard.add("start " + me);
          return new Scope() {
            @Override
            public void failed(Throwable error) {
              heard.add("failed " + me);
            }

            @Override
            public void close() {
              heard.add("end " + me);
            }
          };
        }
      };
    }
    try (InMemoryEventStore two = store(Observer.of(pair))) {
      assertThrows(WrongExpectedVersionException.class, () -> two.append(STREAM,
          ExpectedVersion.exactly(dev.eventcore.Version.of(3)),
          List.of(EventData.of(new Added(1)))));
    }
    assertEquals(List.of("start o0", "start o1", "failed o0", "failed o1", "end o1", "end o0"),
        heard);
    assertSame(Observer.Scope.NONE,
        Observer.NONE.start(WorkKind.COMMAND, "c", Metadata.empty()));
    assertTrue(Observer.NONE.appendMetadata().isEmpty());
  }

  @Test
  void aSubscriptionHandlesEachEventInAScopeCausedByIt() throws Exception {
    appendInScope(store, Metadata.empty());
    List<String> during = new CopyOnWriteArrayList<>();
    Subscription subscription = store.subscribe(GlobalPosition.START, new EventHandler() {
      @Override
      public void handle(RecordedEvent<?> event) {
        during.add(recorder.currentId());
        throw new IllegalStateException("handler bug");
      }

      @Override
      public String name() {
        return "totals";
      }
    });
    for (int i = 0; i < 500 && subscription.failure().isEmpty(); i++) {
      Thread.sleep(10);
    }
    subscription.close();
    assertTrue(during.get(0).startsWith("HANDLE#"), during.toString());
    assertEquals(List.of("start HANDLE totals <- COMMAND#1", "failed HANDLE IllegalStateException",
        "end HANDLE"), recorder.log.subList(4, 7));
  }

  @Test
  void aProjectionHandlesInAScopeCausedByTheEventAndCommitsInAnother() throws Exception {
    GlobalPosition last = appendInScope(store, Metadata.empty());
    ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
        .observer(recorder).build();
    List<String> during = new CopyOnWriteArrayList<>();
    runner.register(Projection.of("totals", event -> during.add(recorder.currentId())));
    runner.start("totals");
    assertTrue(runner.awaitPosition("totals", last, Duration.ofSeconds(10)));
    runner.close();

    assertTrue(during.get(0).startsWith("PROJECTION#"), during.toString());
    assertTrue(recorder.log.contains("start PROJECTION totals <- COMMAND#1"), recorder.log
        .toString());
    assertTrue(recorder.log.contains("start COMMIT totals <- -"), recorder.log.toString());
  }

  @Test
  void aCommandCarriesItsContextAsCauseAndItsEventsCarryItsScope() {
    AggregateRepository<Add, Integer, Added> sums = AggregateRepository
        .builder(store, SUM, Added.class).cacheSize(0).observer(recorder).build();
    sums.handle(STREAM, new Add(1),
        new CommandContext(Metadata.empty().with(ScopeRecorder.KEY, "upstream")));

    assertEquals(List.of("start COMMAND Add <- upstream", "start LOAD sum <- -", "end LOAD",
        "start DECIDE Add <- -", "end DECIDE", "start APPEND sum <- -", "end APPEND",
        "end COMMAND"), recorder.log);
    // the context's entry is the cause; the event carries the scope it was appended in
    assertEquals("COMMAND#1",
        store.readStream(STREAM).get(0).metadata().get(ScopeRecorder.KEY).orElseThrow());
  }

  /** Adds one more than the sum so far. */
  static final class AddOne implements Command<Integer> {
    @Override
    public List<StreamId> streams() {
      return List.of(STREAM);
    }

    @Override
    public Integer initialState() {
      return 0;
    }

    @Override
    public Integer evolve(Integer state, RecordedEvent<?> event) {
      return state + ((Added) event.payload()).n();
    }

    @Override
    public Decision decide(Integer state, StreamsRead read) {
      return Decision.append(STREAM, new Added(state + 1));
    }
  }

  @Test
  void anExecutedCommandLoadsDecidesAndAppendsInsideItsScope() {
    CommandExecutor executor = CommandExecutor.builder(store).observer(recorder).build();
    executor.execute(new AddOne(), CommandContext.empty());

    assertEquals(List.of("start COMMAND AddOne <- -", "start LOAD AddOne <- -", "end LOAD",
        "start DECIDE AddOne <- -", "end DECIDE", "start APPEND sum <- -", "end APPEND",
        "end COMMAND"), recorder.log);
    assertEquals("COMMAND#1",
        store.readStream(STREAM).get(0).metadata().get(ScopeRecorder.KEY).orElseThrow());
  }
}
