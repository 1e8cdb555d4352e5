package dev.eventcore.benchmarks.workloads;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's side of each workload, as {@link WorkerFactory}s over any {@link EventStore}. Each
 * operation builds its events as a user would ({@code EventData.of}), so event creation is part of
 * the measured cost, as it is of the raw probes.
 */
final class LibraryLoads {
  /** Page size of a replay through {@code readAll}. */
  static final int REPLAY_PAGE = 10_000;

  /** Counter name of W4's version conflicts. */
  static final String CONFLICTS = "conflicts";

  private LibraryLoads() {}

  /** One event per append, each to a new stream ({@code noStream()}). */
  static WorkerFactory singleAppends(EventStore store) {
    return context -> seq -> {
      String stream = context.unique("w", seq);
      store.append(StreamId.of(stream), ExpectedVersion.noStream(), List.of(Payloads.data(stream, 1)));
      return 1;
    };
  }

  /** {@code size} events per append, each batch to a new stream. */
  static WorkerFactory batchAppends(EventStore store, int size) {
    return context -> seq -> {
      String stream = context.unique("b", seq);
      store.append(StreamId.of(stream), ExpectedVersion.noStream(), Payloads.batch(stream, 1, size));
      return size;
    };
  }

  /** One atomic append of one event to each of {@code streams} new streams. */
  static WorkerFactory multiStream(EventStore store, int streams) {
    return context -> seq -> {
      List<StreamAppend> parts = new ArrayList<>(streams);
      for (int s = 0; s < streams; s++) {
        String stream = context.unique("m", seq) + "-" + s;
        parts.add(StreamAppend.of(StreamId.of(stream), ExpectedVersion.noStream(),
            List.of(Payloads.data(stream, 1))));
      }
      store.append(parts);
      return streams;
    };
  }

  /**
   * One event per append to one of {@code streams} shared streams ({@code prefix-i}, thread modulo
   * streams), with the expected version last seen; a conflict counts and retries with the actual
   * version, keeping the same event (its id makes the retry safe).
   */
  static WorkerFactory hotStreams(EventStore store, String prefix, int streams) {
    return context -> {
      StreamId stream = StreamId.of(prefix + "-" + context.thread() % streams);
      Version[] known = {store.currentVersion(stream)};
      return seq -> {
        EventData<BenchEvent> event = Payloads.data(stream.value(), seq);
        while (true) {
          try {
            AppendResult result =
                store.append(stream, ExpectedVersion.exactly(known[0]), List.of(event));
            known[0] = result.nextExpectedVersion();
            return 1;
          } catch (WrongExpectedVersionException e) {
            context.counters().increment(CONFLICTS);
            known[0] = e.actual();
          }
        }
      };
    };
  }

  /** Each operation reads the whole of {@code stream} as one list. */
  static WorkerFactory readStream(EventStore store, StreamId stream) {
    return context -> seq -> store.readStream(stream).size();
  }

  /** Each operation reads the whole of {@code stream} into a callback that keeps nothing. */
  static WorkerFactory streamStream(EventStore store, StreamId stream) {
    return context -> seq -> store.readStream(stream, Version.NONE, event -> { });
  }

  /** Each operation replays {@code count} events after {@code after} in pages. */
  static WorkerFactory replay(EventStore store, GlobalPosition after, int count) {
    return context -> seq -> {
      GlobalPosition position = after;
      long read = 0;
      while (read < count) {
        List<RecordedEvent<?>> page =
            store.readAll(position, (int) Math.min(REPLAY_PAGE, count - read));
        if (page.isEmpty()) {
          break;
        }
        read += page.size();
        position = page.get(page.size() - 1).position();
      }
      return read;
    };
  }

  /**
   * Writes {@code streams} streams of {@code perStream} events ({@code prefix-i}) in appends of up
   * to 1,000 events.
   *
   * @return the position of the last event written, START if none
   */
  static GlobalPosition prefill(EventStore store, String prefix, int streams, int perStream) {
    GlobalPosition last = GlobalPosition.START;
    for (int s = 0; s < streams; s++) {
      String name = streams == 1 ? prefix : prefix + "-" + s;
      StreamId stream = StreamId.of(name);
      Version version = store.currentVersion(stream);
      for (long v = 1; v <= perStream; v += 1_000) {
        int size = (int) Math.min(1_000, perStream - v + 1);
        AppendResult result = store.append(stream, ExpectedVersion.exactly(version),
            Payloads.batch(name, v, size));
        version = result.nextExpectedVersion();
        last = result.lastPosition();
      }
    }
    return last;
  }
}
