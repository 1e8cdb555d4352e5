package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandContext;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.Projection;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Held steps and what depends on them: a decision that writes nothing on a stream a held step
 * writes is made after that write, and an event dead-lettered while steps are held does not let a
 * due timeout overtake a held answer. Each beside the same events taken one at a time.
 */
class HeldStepsDependencyTest {
  static final StreamId STOCK = StreamId.of("stock", "x");

  /** In-step decisions on one stock stream through an AggregateRepository; no streamOf. */
  static final class StockServices implements CommandDispatcher {
    final AggregateRepository<ScriptedSaga.Cmd, Integer, Object> stock;

    StockServices(InMemoryEventStore store) {
      this.stock = AggregateRepository.of(store, Decider.of(0,
          (Integer count, Object event) ->
              ((ScriptedSaga.Noted) event).what().equals("restock") ? count + 1 : count - 1,
          (ScriptedSaga.Cmd command, Integer count) -> {
            if (command.name().equals("reserve") && count == 0) {
              throw new CommandRejectedException("out of stock");
            }
            return List.of(new ScriptedSaga.Noted("x", command.name()));
          }), Object.class);
    }

    @Override
    public Optional<List<StreamAppend>> decideInStep(SagaCommand command) {
      ScriptedSaga.Cmd cmd = (ScriptedSaga.Cmd) command.command();
      return Optional.of(stock.decide(STOCK, cmd,
          CommandContext.of(cmd.key(), command.id().toString())).map(List::of).orElse(List.of()));
    }

    @Override
    public void committedInStep(List<StreamAppend> appends, AppendResult result) {
      appends.forEach(append -> stock.committed(append, result));
    }

    @Override
    public void conflictInStep(StreamId stream) {
      stock.markStale(stream);
    }

    @Override
    public Outcome dispatch(SagaCommand command) {
      return Outcome.accepted();
    }
  }

  private static List<String> stock(InMemoryEventStore store) {
    return store.readStream(STOCK).stream()
        .map(e -> ((ScriptedSaga.Noted) e.payload()).what()).toList();
  }

  /** Taken one at a time, b's reservation sees a's restock. */
  @Test
  void unbatchedTheReservationSeesTheRestock() {
    InMemoryEventStore store = new InMemoryEventStore(ScriptedSaga.TYPES);
    SagaRunner<ScriptedSaga.Flow> runner = SagaRunner.builder(store, new ScriptedSaga(),
        new StockServices(store)).clock(ManualClock.create()).build();
    ScriptedSaga.ping(store, "a", "cmd:restock");
    ScriptedSaga.ping(store, "b", "cmd:reserve");
    for (RecordedEvent<?> event : store.readAll(GlobalPosition.START, 100)) {
      runner.handle(event);
    }
    assertEquals(List.of("restock", "reserve"), stock(store));
    assertEquals(List.of(), runner.instance("b").state().notes());
  }

  /** Taken one at a time, the answer cancels the due timeout before any tick. */
  @Test
  void unbatchedTheAnswerCancelsTheTimeout() throws Exception {
    InMemoryEventStore store = new InMemoryEventStore(ScriptedSaga.TYPES);
    ManualClock clock = ManualClock.create();
    SagaRunner<ScriptedSaga.Flow> runner = SagaRunner.builder(store, new ScriptedSaga(),
        command -> CommandDispatcher.Outcome.accepted()).clock(clock).build();
    ScriptedSaga.ping(store, "a", "after:t:10");
    runner.handle(store.readAll(GlobalPosition.START, 100).get(0));
    clock.advance(Duration.ofSeconds(11));
    ScriptedSaga.ping(store, "a", "cancel:t note");
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 100).stream()
        .filter(e -> e.streamId().category().equals("ping")).toList();
    runner.handle(all.get(1));
    runner.tick();
    assertEquals(0, runner.stats().timeoutsFired());
    assertEquals(List.of("ping cancel:t note"), runner.instance("a").state().notes());
  }

  /**
   * a's step (a restock decided in the step) is held; b's reservation, refused on the stock
   * without it, writes nothing that names the stock stream (the dispatcher does not say which
   * stream a command writes): it is decided again after the held restock is written.
   */
  @Test
  void heldRestockIsNotSeenByTheReservationDecidedAfterIt() throws Exception {
    InMemoryEventStore store = new InMemoryEventStore(ScriptedSaga.TYPES);
    SagaRunner<ScriptedSaga.Flow> runner = SagaRunner.builder(store, new ScriptedSaga(),
        new StockServices(store)).clock(ManualClock.create()).build();
    Projection projection = runner.projection();
    ScriptedSaga.ping(store, "a", "cmd:restock");
    ScriptedSaga.ping(store, "b", "cmd:reserve");
    for (RecordedEvent<?> event : store.readAll(GlobalPosition.START, 100)) {
      projection.handle(event);
    }
    projection.caughtUp();
    assertEquals(List.of("restock", "reserve"), stock(store),
        "b's reservation decided after a's held restock was written");
    assertEquals(List.of(), runner.instance("b").state().notes(), "b was not refused");
  }

  /**
   * An undecodable event dead-lettered while an answer is held moves the position a due timeout
   * waits for: the held answer is written first, so the tick does not fire the timeout it cancels.
   */
  @Test
  void aSkippedEventWhileAnAnswerIsHeldLetsTheTimeoutOvertakeIt() throws Exception {
    InMemoryEventStore store = new InMemoryEventStore(ScriptedSaga.TYPES);
    ManualClock clock = ManualClock.create();
    SagaRunner<ScriptedSaga.Flow> runner = SagaRunner.builder(store, new ScriptedSaga(),
        command -> CommandDispatcher.Outcome.accepted()).clock(clock).build();
    Projection projection = runner.projection();
    ScriptedSaga.ping(store, "a", "after:t:10");
    projection.handle(store.readAll(GlobalPosition.START, 100).get(0));
    projection.caughtUp();
    clock.advance(Duration.ofSeconds(11));

    ScriptedSaga.ping(store, "a", "cancel:t note"); // the answer, recorded before the tick
    ScriptedSaga.ping(store, "z", "note"); // stands for an event the projection cannot decode
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 100).stream()
        .filter(e -> e.streamId().category().equals("ping")).toList();
    projection.handle(all.get(1)); // held
    RecordedEvent<?> stored = all.get(2);
    RecordedEvent<UndecodableEvent> raw = new RecordedEvent<>(stored.position(),
        stored.streamId(), stored.version(), stored.id(), "Gone",
        new UndecodableEvent("Gone", 1, "{}", "{}", "no class is registered"),
        stored.metadata(), stored.recordedAt());
    projection.skipped(raw); // dead-lettered by the projection runner

    runner.tick(); // the timer's tick
    projection.caughtUp();

    assertEquals(0, runner.stats().timeoutsFired(),
        "the answer was recorded before the timeout was due to fire");
    assertEquals(List.of("ping cancel:t note"), runner.instance("a").state().notes());
  }
}
