package dev.eventcore.command;

import dev.eventcore.StreamId;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.State;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.memory.InMemorySnapshotStore;
import dev.eventcore.snapshot.SnapshotPolicy;
import dev.eventcore.snapshot.SnapshotStore;
import org.junit.jupiter.api.AfterEach;

/** The counter aggregate of the repository tests, on an in-memory store and snapshot store. */
abstract class CounterRepositoryTestBase {
  static final StreamId COUNTER = StreamId.of("counter", "1");

  final InMemoryEventStore store = new InMemoryEventStore();
  final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

  @AfterEach
  void close() {
    store.close();
  }

  AggregateRepository<Object, State, CounterEvent> plain() {
    return AggregateRepository.of(store, Counter.DECIDER, CounterEvent.class);
  }

  AggregateRepository<Object, State, CounterEvent> snapshotting(
      SnapshotStore snapshotStore, int revision, int every) {
    return AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
        .snapshots(snapshotStore, State.class, revision)
        .snapshotPolicy(SnapshotPolicy.everyEvents(every))
        .build();
  }
}
