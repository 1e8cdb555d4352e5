package dev.eventcore.benchmarks.jmh;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * W12: the in-memory store, one thread. {@code append}: one event per append (a new event id each
 * time, payloads prepared in advance) over 10,000 streams, with a fresh store each iteration so
 * memory stays bounded. {@code replay}: {@code readAll} of {@value #EVENTS} events in pages of
 * 10,000, scored per event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InMemoryStoreBenchmark {
  /** Events in the replayed store. */
  public static final int EVENTS = 1_000_000;

  private static final int STREAMS = 10_000;
  private static final int PAGE = 10_000;

  /** A fresh store per iteration and the streams and payloads appended to it. */
  @State(Scope.Thread)
  public static class Appending {
    InMemoryEventStore store;
    final StreamId[] streams = new StreamId[STREAMS];
    final BenchEvent[] payloads = new BenchEvent[STREAMS];
    int next;

    /** Opens the store. */
    @Setup(Level.Iteration)
    public void open() {
      store = new InMemoryEventStore(Payloads.TYPES);
      for (int i = 0; i < STREAMS; i++) {
        streams[i] = StreamId.of("account-" + i);
        payloads[i] = Payloads.event(streams[i].value(), i);
      }
    }

    /** Closes the store. */
    @TearDown(Level.Iteration)
    public void close() {
      store.close();
    }
  }

  /** A store of {@value #EVENTS} events. */
  @State(Scope.Benchmark)
  public static class Filled {
    InMemoryEventStore store;

    /** Fills the store. */
    @Setup(Level.Trial)
    public void fill() {
      store = new InMemoryEventStore(Payloads.TYPES);
      for (int s = 0; s < EVENTS / 1_000; s++) {
        String stream = "replay-" + s;
        store.append(StreamId.of(stream), ExpectedVersion.noStream(), Payloads.batch(stream, 1, 1_000));
      }
    }

    /** Closes the store. */
    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }
  }

  /** One single-event append. */
  @Benchmark
  public AppendResult append(Appending state) {
    int i = state.next++ % STREAMS;
    if (state.next == STREAMS) {
      state.next = 0;
    }
    return state.store.append(state.streams[i], ExpectedVersion.any(),
        List.of(EventData.of(state.payloads[i], Payloads.metadata())));
  }

  /** A replay of the whole store; the score is per event. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void replay(Filled state, Blackhole sink) {
    GlobalPosition position = GlobalPosition.START;
    while (true) {
      List<RecordedEvent<?>> page = state.store.readAll(position, PAGE);
      if (page.isEmpty()) {
        return;
      }
      for (RecordedEvent<?> event : page) {
        sink.consume(event.payload());
      }
      position = page.get(page.size() - 1).position();
    }
  }
}
