package dev.eventcore.saga;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.List;

/** Shared steps of the runner tests: requests, delivery of the log, reading a ledger. */
final class SagaHarness {
  static final EventTypes TYPES = EventTypes.of(Booking.Requested.class, Booking.StepDone.class,
      Booking.Cmd.class, Booking.Fact.class, InStepServices.Undone.class, SagaEvent.class);

  private SagaHarness() {}

  static void request(EventStore store, String key) {
    store.append(StreamId.of("request", key), ExpectedVersion.noStream(),
        List.of(EventData.of(new Booking.Requested(key))));
  }

  /** Delivers the log after {@code from} to {@code runner} and ticks, until nothing is new. */
  static GlobalPosition settle(EventStore store, SagaRunner<?> runner, GlobalPosition from) {
    GlobalPosition delivered = from;
    for (int round = 0; round < 1_000; round++) {
      List<RecordedEvent<?>> page = store.readAll(delivered, 1_000);
      for (RecordedEvent<?> event : page) {
        runner.handle(event);
        delivered = event.position();
      }
      if (runner.tick() == 0 && page.isEmpty()) {
        return delivered;
      }
    }
    throw new AssertionError("the sagas did not settle");
  }

  /** The payloads of {@code stream}, in order. */
  static List<Object> payloads(EventStore store, StreamId stream) {
    List<Object> out = new ArrayList<>();
    for (RecordedEvent<?> event : store.readStream(stream)) {
      out.add(event.payload());
    }
    return out;
  }

  /** How many events of {@code type} {@code stream} holds. */
  static long count(EventStore store, StreamId stream, Class<?> type) {
    return payloads(store, stream).stream().filter(type::isInstance).count();
  }

  static List<Object> done(String key, int... steps) {
    List<Object> out = new ArrayList<>();
    for (int step : steps) {
      out.add(new Booking.StepDone(key, step));
    }
    return out;
  }
}
