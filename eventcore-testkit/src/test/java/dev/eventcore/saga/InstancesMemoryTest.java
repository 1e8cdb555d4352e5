package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.testkit.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the runner keeps in memory: only instances that started, and never a stale one. */
class InstancesMemoryTest {
  final EventStore store = new InMemoryEventStore(SagaHarness.TYPES);
  final SagaStreams<Booking.State, Booking.Fact> streams =
      new SagaStreams<>(store, new Booking(), false);
  final Instances<Booking.State, Booking.Fact> instances = new Instances<>(streams);

  @Test
  void keysWhoseEventsStartNothingLeaveNothingInMemory() {
    for (int i = 0; i < 1_000; i++) {
      Version version = instances.with("never-" + i, slot -> slot.state().version());
      assertEquals(Version.NONE, version);
    }
    assertTrue(instances.keys().isEmpty(), "instances kept: " + instances.keys().size());
    assertTrue(instances.open().isEmpty());
  }

  @Test
  void anInstanceRecoveryReadBeforeItMovedOnIsReadAgainBeforeAnyWork() {
    SagaRunner<Booking.State> runner = SagaRunner.builder(store, new Booking(),
        new BookingServices(store, 1, 0.0)).clock(ManualClock.create()).build();
    SagaHarness.request(store, "b1");
    GlobalPosition first = store.readAll(GlobalPosition.START, 1).get(0).position();
    runner.handle(store.readAll(GlobalPosition.START, 1).get(0)); // started, outbox filled
    InstanceState<Booking.State, Booking.Fact> scanned = streams.load("b1");
    SagaHarness.settle(store, runner, first); // the booking runs to its end meanwhile
    Version now = store.currentVersion(StreamId.of("saga_booking", "b1"));
    assertTrue(now.value() > scanned.version().value(), now + " vs " + scanned.version());

    instances.offer(scanned); // what a recovery that read early would put back

    assertEquals(now, instances.with("b1", slot -> slot.state().version()));
    assertTrue(instances.keys().isEmpty(), "a completed instance stays: " + instances.keys());
    assertTrue(instances.open().isEmpty());
  }

  @Test
  void aDeletedInstanceIsNotRecoveredAndTheOthersAre() {
    SagaRunner<Booking.State> runner = SagaRunner.builder(store, new Booking(),
        new BookingServices(store, 1, 0.0)).clock(ManualClock.create()).build();
    SagaHarness.request(store, "b2");
    SagaHarness.request(store, "b3");
    for (RecordedEvent<?> request : store.readAll(GlobalPosition.START, 2)) {
      runner.handle(request); // both started, their outboxes filled
    }
    store.deleteStream(StreamId.of("saga_booking", "b2"), ExpectedVersion.any());

    new Recovery<>(store, new Booking(), streams).run(instances);

    assertEquals(List.of("b3"), instances.keys());
  }
}
