package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.State;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.memory.InMemorySnapshotStore;
import dev.eventcore.snapshot.SnapshotPolicy;
import dev.eventcore.testkit.ForwardingEventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Loading an aggregate folds its stream while reading it: a long stream (here 25,000 events, 25
 * chunks) is read with the streaming read, never as one list, and folds to the same state as the
 * whole list would, from the first event, from a snapshot and from a cached state alike.
 */
class StreamingLoadTest {
  private static final StreamId COUNTER = StreamId.of("counter", "long");
  private static final int EVENTS = 25_000;

  /** Records the store's reads: the streaming ones, and the largest list read. */
  private static final class Reads extends ForwardingEventStore {
    final List<Version> streamedFrom = new CopyOnWriteArrayList<>();
    int largestList;
    int wholeLists;

    Reads(EventStore delegate) {
      super(delegate);
    }

    @Override
    public long readStream(
        StreamId stream, Version from, Consumer<? super RecordedEvent<?>> action) {
      streamedFrom.add(from);
      return super.readStream(stream, from, action); // the default: pages of 1,000
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount) {
      largestList = Math.max(largestList, maxCount);
      return super.readStream(stream, from, maxCount);
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream) {
      wholeLists++;
      return super.readStream(stream);
    }
  }

  private final InMemoryEventStore memory = new InMemoryEventStore();
  private final Reads store = new Reads(memory);

  @AfterEach
  void close() {
    memory.close();
  }

  private void fill(int from, int count) {
    List<EventData<CounterEvent>> batch = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      batch.add(EventData.of(new Incremented(i % 7 + 1)));
      if (batch.size() == 1_000) {
        memory.append(COUNTER, ExpectedVersion.any(), batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      memory.append(COUNTER, ExpectedVersion.any(), batch);
    }
  }

  /** The state folded from the whole list read, the reference. */
  private State foldedFromTheList() {
    State state = State.ZERO;
    for (RecordedEvent<?> event : memory.readStream(COUNTER)) {
      state = Counter.DECIDER.evolve(state, (CounterEvent) event.payload());
    }
    return state;
  }

  @Test
  void aLongStreamIsFoldedChunkByChunkToTheSameStateAsTheWholeList() {
    fill(0, EVENTS);
    AggregateRepository<Object, State, CounterEvent> counters =
        AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class).build();

    AggregateState<State> loaded = counters.load(COUNTER);

    assertEquals(foldedFromTheList(), loaded.state());
    assertEquals(Version.of(EVENTS), loaded.version());
    assertEquals(List.of(Version.of(1)), store.streamedFrom, "one streaming read from the start");
    assertEquals(0, store.wholeLists, "never the whole stream as one list");
    assertTrue(store.largestList <= 1_000, "pages of at most 1,000: " + store.largestList);
  }

  @Test
  void aSnapshotAndACachedStateAreContinuedWithTheStreamedTail() {
    fill(0, 2_500);
    InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
    AggregateRepository<Object, State, CounterEvent> writer =
        AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
            .snapshots(snapshots, State.class, 1)
            .snapshotPolicy(SnapshotPolicy.everyEvents(1))
            .build();
    writer.handle(COUNTER, new Counter.Increment(5)); // snapshot at 2,501
    fill(2_501, 2_400); // a tail of 2,400 events after the snapshot, three chunks
    store.streamedFrom.clear();

    AggregateRepository<Object, State, CounterEvent> fresh =
        AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
            .snapshots(snapshots, State.class, 1)
            .build();
    AggregateState<State> fromSnapshot = fresh.load(COUNTER);
    assertEquals(foldedFromTheList(), fromSnapshot.state());
    assertEquals(Version.of(4_901), fromSnapshot.version());
    assertEquals(Version.of(2_501), fromSnapshot.snapshotVersion());
    assertEquals(List.of(Version.of(2_501)), store.streamedFrom, "from the snapshot's version");

    fill(4_901, 1_100);
    store.streamedFrom.clear();
    AggregateState<State> caughtUp = fresh.load(COUNTER);
    assertEquals(foldedFromTheList(), caughtUp.state());
    assertEquals(Version.of(6_001), caughtUp.version());
    assertEquals(List.of(Version.of(4_901)), store.streamedFrom,
        "only the tail of the cache, from the cached version (the proof the stream still holds it)");
    assertEquals(0, store.wholeLists);
  }
}
