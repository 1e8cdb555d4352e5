package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.spi.DelegatingEventStore;
import dev.eventcore.testkit.ManualClock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A key the runner meets for the first time is taken to be a new instance without reading its
 * stream; the expected version of the step's append, and a marker id that no earlier append can
 * have, keep that safe. An instance that exists after all (started by another runner, or before a
 * restart, or completed) is read as soon as a step on the assumption fails to append or decides
 * nothing, and nothing is done twice.
 */
class AssumedNewInstanceTest {
  /** Counts reads of saga instance streams. */
  static final class Counting extends DelegatingEventStore {
    final AtomicInteger sagaReads = new AtomicInteger();

    Counting(EventStore delegate) {
      super(delegate);
    }

    private void count(StreamId stream) {
      if (stream.category().equals("saga_booking")) {
        sagaReads.incrementAndGet();
      }
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount) {
      count(stream);
      return super.readStream(stream, from, maxCount);
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream) {
      count(stream);
      return super.readStream(stream);
    }

    @Override
    public long readStream(
        StreamId stream, Version from, Consumer<? super RecordedEvent<?>> action) {
      count(stream);
      return super.readStream(stream, from, action);
    }
  }

  final EventStore memory = new InMemoryEventStore(SagaHarness.TYPES);
  final Counting store = new Counting(memory);
  final BookingServices services = new BookingServices(memory, 1, 0.0);

  private SagaRunner<Booking.State> runner(EventStore on) {
    return SagaRunner.builder(on, new Booking(), services).clock(ManualClock.create()).build();
  }

  private static StreamId instance(String key) {
    return StreamId.of("saga_booking", key);
  }

  private RecordedEvent<?> requested(String key) {
    SagaHarness.request(memory, key);
    return find(new Booking.Requested(key));
  }

  private RecordedEvent<?> find(Object payload) {
    return memory.readAll(GlobalPosition.START, 100_000).stream()
        .filter(e -> e.payload().equals(payload)).findFirst().orElseThrow();
  }

  @Test
  void startingInstancesReadsNoInstanceStream() {
    SagaRunner<Booking.State> runner = runner(store);
    for (int i = 0; i < 50; i++) {
      runner.handle(requested("b" + i));
    }
    assertEquals(0, store.sagaReads.get(), "reads of instance streams");
    for (int i = 0; i < 50; i++) {
      assertEquals(1, SagaHarness.count(memory, instance("b" + i), Booking.Started.class));
    }
  }

  @Test
  void anAnswerForAnInstanceStartedElsewhereIsReadAndHandled() {
    // the first runner starts b1 and dispatches step 1, whose service answers in the log
    runner(memory).handle(requested("b1"));
    RecordedEvent<?> answer = find(new Booking.StepDone("b1", 1));

    SagaRunner<Booking.State> other = runner(store); // never saw b1, never recovered
    other.handle(answer);

    assertEquals(1, SagaHarness.count(memory, instance("b1"), Booking.Done.class),
        "the answer is a step of the stored instance, not of a new one");
    assertEquals(1, store.sagaReads.get(), "one read, when the assumption decided nothing");
  }

  @Test
  void aStartRedeliveredToARunnerThatDoesNotKnowTheInstanceIsTakenOnce() {
    RecordedEvent<?> start = requested("b2");
    runner(memory).handle(start);
    long version = memory.currentVersion(instance("b2")).value();
    int dispatches = services.calls;

    SagaRunner<Booking.State> other = runner(store);
    other.handle(start); // decided on the assumption, refused by the append, then read

    assertEquals(version, memory.currentVersion(instance("b2")).value(), "nothing written again");
    assertEquals(1, SagaHarness.count(memory, instance("b2"), Booking.Started.class));
    assertEquals(1, other.stats().duplicates(), "recognised as handled once read");
    // the first runner keeps the mark of its dispatch in memory until b2's next step, so the
    // stream still shows the command pending: this runner dispatches it again, with its id, as it
    // would after reading the stream first (the dispatcher deduplicates)
    assertEquals(dispatches + 1, services.calls);
  }

  @Test
  void aStartRedeliveredAfterTheInstanceCompletedDoesNotRestartIt() {
    RecordedEvent<?> start = requested("b3");
    SagaRunner<Booking.State> first = runner(memory);
    SagaHarness.settle(memory, first, GlobalPosition.START); // b3 runs to its end
    assertEquals(true, first.instance("b3").completed());
    long version = memory.currentVersion(instance("b3")).value();
    int dispatches = services.calls;

    SagaRunner<Booking.State> other = runner(store);
    other.handle(start);

    assertEquals(version, memory.currentVersion(instance("b3")).value(), "nothing written again");
    assertEquals(dispatches, services.calls, "no command dispatched again");
    assertEquals(List.of(), other.openInstances(), "the completed instance stays completed");
  }
}
