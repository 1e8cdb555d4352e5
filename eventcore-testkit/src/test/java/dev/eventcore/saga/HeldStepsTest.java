package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.Projection;
import dev.eventcore.spi.DelegatingEventStore;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;
import org.junit.jupiter.api.Test;

/**
 * A runner fed by its projection writes the steps of a burst of events for different instances in
 * one append; its projection's settled position never passes an event whose step is not written
 * (so a checkpoint cannot skip it); an event of an instance already held, or a decision on a
 * stream a held one writes, is decided only after what is held is written; and when the shared
 * append conflicts, the events are taken again one at a time, each step written exactly once.
 */
class HeldStepsTest {
  /** Records the number of stream appends of each append call, and counts saga stream reads. */
  static final class Counting extends DelegatingEventStore {
    final List<Integer> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger sagaReads = new AtomicInteger();

    private void read(StreamId stream) {
      if (stream.category().startsWith("saga")) {
        sagaReads.incrementAndGet();
      }
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream) {
      read(stream);
      return super.readStream(stream);
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount) {
      read(stream);
      return super.readStream(stream, from, maxCount);
    }

    @Override
    public long readPayloads(StreamId stream, Version from, ObjLongConsumer<Object> action) {
      read(stream);
      return super.readPayloads(stream, from, action);
    }

    Counting(EventStore delegate) {
      super(delegate);
    }

    @Override
    public AppendResult append(
        StreamId stream, ExpectedVersion expected, List<? extends EventData<?>> events) {
      calls.add(1);
      return super.append(stream, expected, events);
    }

    @Override
    public AppendResult append(List<StreamAppend> appends) {
      calls.add(appends.size());
      return super.append(appends);
    }
  }

  final InMemoryEventStore memory = new InMemoryEventStore(ScriptedSaga.TYPES);
  final Counting store = new Counting(memory);
  final ScriptedSaga saga = new ScriptedSaga();
  final ScriptedServices services = new ScriptedServices(memory);
  final ManualClock clock = ManualClock.create();
  final SagaRunner<ScriptedSaga.Flow> runner =
      SagaRunner.builder(store, saga, services).clock(clock).build();
  final Projection projection = runner.projection();

  /** Pings each key with {@code script}; the pings as the log holds them. */
  List<RecordedEvent<?>> ping(String script, String... keys) {
    GlobalPosition before = memory.readAll(GlobalPosition.START, 100_000).stream()
        .map(RecordedEvent::position).reduce((a, b) -> b).orElse(GlobalPosition.START);
    for (String key : keys) {
      ScriptedSaga.ping(memory, key, script);
    }
    return memory.readAll(before, 100_000);
  }

  void deliver(List<RecordedEvent<?>> events) throws Exception {
    for (RecordedEvent<?> event : events) {
      projection.handle(event);
    }
  }

  List<String> notes(String key) {
    return runner.instance(key).state().notes();
  }

  @Test
  void aBurstForManyInstancesIsWrittenInOneAppendWhenTheSubscriptionCatchesUp()
      throws Exception {
    List<RecordedEvent<?>> pings = ping("note", "a", "b", "c", "d", "e");
    deliver(pings);
    assertEquals(List.of(), store.calls, "nothing written before the subscription caught up");
    GlobalPosition last = pings.get(pings.size() - 1).position();
    assertEquals(GlobalPosition.START, projection.settledUpTo(last),
        "the projection has settled nothing it holds");
    projection.caughtUp();
    assertEquals(List.of(5), store.calls, "five steps, one append");
    assertEquals(last, projection.settledUpTo(last));
    for (String key : List.of("a", "b", "c", "d", "e")) {
      assertEquals(List.of("ping note"), notes(key), key);
    }
  }

  @Test
  void theSettledPositionStaysBeforeTheFirstHeldEventAndMovesWhenItIsWritten() throws Exception {
    List<RecordedEvent<?>> first = ping("note", "a");
    deliver(first);
    projection.caughtUp();
    GlobalPosition written = first.get(0).position();
    List<RecordedEvent<?>> next = ping("note", "b", "c");
    deliver(next);
    GlobalPosition handed = next.get(1).position();
    assertEquals(written, projection.settledUpTo(handed), "b and c are held");
    assertEquals(written, projection.settledUpTo(written));
    projection.caughtUp();
    assertEquals(handed, projection.settledUpTo(handed));
  }

  @Test
  void aSecondEventOfAHeldInstanceIsDecidedOnItsWrittenStep() throws Exception {
    deliver(ping("note", "a", "b"));
    deliver(ping("note", "a"));
    assertEquals(List.of(2), store.calls, "a's held step was written before its next one");
    projection.caughtUp();
    assertEquals(List.of(2, 1), store.calls);
    assertEquals(List.of("ping note", "ping note"), notes("a"));
    assertEquals(List.of("ping note"), notes("b"));
  }

  @Test
  void aFullBatchIsWrittenWithoutWaitingForTheSubscription() throws Exception {
    String[] keys = new String[HeldSteps.MAX_HELD + 3];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "k" + i;
    }
    deliver(ping("note", keys));
    assertEquals(List.of(HeldSteps.MAX_HELD), store.calls);
    projection.caughtUp();
    assertEquals(List.of(HeldSteps.MAX_HELD, 3), store.calls);
  }

  @Test
  void stepsHeldLongerThanTwentyMillisecondsAreWrittenWithTheNextEvent() throws Exception {
    deliver(ping("note", "a"));
    clock.advance(Duration.ofMillis(20));
    deliver(ping("note", "b"));
    assertEquals(List.of(), store.calls, "20 ms are not too long");
    clock.advance(Duration.ofMillis(1));
    deliver(ping("note", "c"));
    assertEquals(List.of(3), store.calls, "held 21 ms: written with the event that came");
  }

  @Test
  void aConflictOnTheSharedAppendTakesTheEventsAgainOneAtATime() throws Exception {
    deliver(ping("note", "a"));
    projection.caughtUp();
    store.calls.clear();
    deliver(ping("note", "a2", "a", "b"));
    // another runner writes a's next step meanwhile: the held append now conflicts
    SagaRunner<ScriptedSaga.Flow> other =
        SagaRunner.builder(memory, saga, services).clock(ManualClock.create()).build();
    List<RecordedEvent<?>> rival = ping("note", "a");
    other.handle(rival.get(0));
    projection.caughtUp();
    assertEquals(3, store.calls.get(0), "the three held steps together: " + store.calls);
    assertEquals(List.of(1, 1, 1, 1), store.calls.subList(1, store.calls.size()),
        "then each alone: a2, a (which conflicts once more and is read), a again, b");
    assertEquals(List.of("ping note", "ping note", "ping note"), notes("a"),
        "the first, the rival's, and the held one decided again on both");
    assertEquals(List.of("ping note"), notes("a2"));
    assertEquals(List.of("ping note"), notes("b"));
    deliver(rival);
    projection.caughtUp();
    assertEquals(3, notes("a").size(), "the rival's event, delivered later, is a duplicate");
  }

  @Test
  void eventsThatNeedNoStepArePassedOnlyWithWhatIsHeld() throws Exception {
    List<RecordedEvent<?>> events = ping("note", "a");
    events = new java.util.ArrayList<>(events);
    events.addAll(ping("", "b")); // an empty step: nothing to write
    deliver(events);
    GlobalPosition last = events.get(1).position();
    assertEquals(GlobalPosition.START, projection.settledUpTo(last), "b waits for a's step");
    projection.caughtUp();
    assertEquals(last, projection.settledUpTo(last));
    assertEquals(List.of(1), store.calls);
  }
  @Test
  void newInstancesWhoseStepsWereHeldAreNotReadAfterTheirAppend() throws Exception {
    deliver(ping("note", "a", "b"));
    projection.caughtUp();
    assertEquals(List.of(2), store.calls);
    deliver(ping("note", "a"));
    projection.caughtUp();
    assertEquals(List.of(2, 1), store.calls);
    assertEquals(0, store.sagaReads.get(),
        "the append expecting no streams proved both new; a's next step is decided in memory");
    assertEquals(List.of("ping note", "ping note"), notes("a"));
    assertEquals(List.of("ping note"), notes("b"));
  }

  @Test
  void anEventForAnInstanceThatCompletedLatelyFindsItCompletedWithoutAReadOrAnAppend()
      throws Exception {
    deliver(ping("note complete", "a"));
    projection.caughtUp();
    assertEquals(List.of(1), store.calls);
    deliver(ping("note", "a"));
    projection.caughtUp();
    assertEquals(List.of(1), store.calls, "a completed instance takes no step");
    assertEquals(0, store.sagaReads.get());
    assertEquals(List.of("ping note complete"), notes("a"));
  }

  @Test
  void aCommandThatTheDispatcherSaysWritesAHeldStreamIsNotDecidedBeforeThatStreamIsWritten()
      throws Exception {
    services.tellStreams().decide("w", "write", "write");
    deliver(ping("cmd:w", "a", "b"));
    assertEquals(List.of(2, 2), store.calls,
        "a's step with its decision, written before b's was decided and taken at once");
    assertEquals(List.of("w", "w"), services.decided,
        "each decided once: b's not decided while a's was held, then discarded");
    assertEquals(2, memory.readStream(ScriptedServices.effect("w")).size());
  }
}
