package dev.eventcore.cli;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.StoredProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored projection with what the CLI measures beside it: its lag (every event after its
 * checkpoint: the CLI does not know its filter, so this is an upper bound), how long the oldest
 * of those has waited, and its rate over the sample window (events between two readings of its
 * checkpoint, which the runner saves every second or 1,000 events by default).
 */
record ProjectionView(
    StoredProjection stored, long lagEvents, Duration lagTime, OptionalDouble eventsPerSecond) {

  /** Measures {@code stored}; {@code earlier} is its reading one {@code window} ago, if sampled. */
  static ProjectionView of(PostgresEventStore store, StoredProjection stored,
      Optional<StoredProjection> earlier, Duration window) {
    GlobalPosition position = stored.position();
    long lag = store.countAfter(position, EventFilter.all());
    Duration waited = Duration.ZERO;
    if (lag > 0) {
      List<RecordedEvent<?>> next =
          store.readAll(position, 1, EventFilter.all().deliveringUndecodable()).events();
      if (!next.isEmpty()) {
        waited = Duration.between(next.get(0).recordedAt(), Instant.now());
        waited = waited.isNegative() ? Duration.ZERO : waited;
      }
    }
    OptionalDouble rate = OptionalDouble.empty();
    if (earlier.isPresent() && !window.isZero()) {
      GlobalPosition before = earlier.get().position();
      long moved = position.isAfter(before) ? store.countAfter(before, EventFilter.all()) - lag : 0;
      rate = OptionalDouble.of(Math.max(0, moved) / (window.toNanos() / 1e9));
    }
    return new ProjectionView(stored, lag, waited, rate);
  }

  /** The table row: see {@link #HEADERS}. */
  List<String> row() {
    return List.of(stored.name(), stored.state().name(), Long.toString(stored.position().value()),
        lagEvents + (lagEvents == 0 ? "" : " (" + Output.duration(lagTime) + ")"),
        eventsPerSecond.isPresent()
            ? String.format(Locale.ROOT, "%.1f/s", eventsPerSecond.getAsDouble()) : "-",
        stored.holder().orElse("-"), Long.toString(stored.deadLetters()),
        stored.lastError().map(e -> Output.cut(e, 60)).orElse("-"));
  }

  static final List<String> HEADERS = List.of("PROJECTION", "STATE", "POSITION", "LAG", "RATE",
      "HOLDER", "DEAD LETTERS", "LAST ERROR");

  ObjectNode json() {
    ObjectNode node = stateJson(stored);
    node.put("lagEvents", lagEvents).put("lagMillis", lagTime.toMillis());
    if (eventsPerSecond.isPresent()) {
      node.put("eventsPerSecond", eventsPerSecond.getAsDouble());
    } else {
      node.putNull("eventsPerSecond");
    }
    return node;
  }

  /** What the tables say of {@code stored}, as JSON. */
  static ObjectNode stateJson(StoredProjection stored) {
    ObjectNode node = Output.object().put("name", stored.name())
        .put("state", stored.state().name())
        .put("position", stored.position().value());
    putTime(node, "checkpointSavedAt", stored.checkpointSavedAt());
    if (stored.holder().isPresent()) {
      node.put("holder", stored.holder().get());
    } else {
      node.putNull("holder");
    }
    putTime(node, "leaseExpiresAt", stored.leaseExpiresAt());
    node.put("fencingToken", stored.fencingToken());
    putTime(node, "pausedAt", stored.pausedAt());
    putTime(node, "rebuildRequestedAt", stored.rebuildRequestedAt());
    node.put("deadLetters", stored.deadLetters());
    if (stored.lastError().isPresent()) {
      node.put("lastError", stored.lastError().get());
    } else {
      node.putNull("lastError");
    }
    putTime(node, "lastErrorAt", stored.lastErrorAt());
    return node;
  }

  private static void putTime(ObjectNode node, String name, Optional<Instant> time) {
    if (time.isPresent()) {
      node.put(name, Output.time(time.get()));
    } else {
      node.putNull(name);
    }
  }
}
