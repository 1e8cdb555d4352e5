package dev.eventcore.cli;

import dev.eventcore.StreamId;
import dev.eventcore.postgres.HorizonStatus;
import dev.eventcore.postgres.StoredProjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The store's health as the CLI sees it from outside the application: the database answers (and
 * how fast), whether the global log is held back, and a summary of the projections' stored state.
 * Degraded when the log has been held back for {@code maxStall} or longer, or a projection has
 * dead letters. Kept small so that it can delegate to the library's health API later.
 *
 * @param roundTrip how long a trivial query took
 * @param horizon the horizon stall now
 * @param projections how many projections are in each stored state
 * @param deadLetters dead letters over every projection
 * @param problems why it is degraded; empty when healthy
 */
record HealthReport(Duration roundTrip, HorizonStatus horizon,
    Map<StoredProjection.State, Integer> projections, long deadLetters, List<String> problems) {

  /** Checks the store of {@code session}. */
  static HealthReport check(Session session, Duration maxStall) {
    long started = System.nanoTime();
    session.store().currentVersion(StreamId.of("eventcore-cli-health"));
    Duration roundTrip = Duration.ofNanos(System.nanoTime() - started);
    HorizonStatus horizon = session.store().horizonStatus();
    Map<StoredProjection.State, Integer> states = new EnumMap<>(StoredProjection.State.class);
    long deadLetters = 0;
    List<String> problems = new ArrayList<>();
    for (StoredProjection projection : session.projections().list()) {
      states.merge(projection.state(), 1, Integer::sum);
      deadLetters += projection.deadLetters();
      if (projection.deadLetters() > 0) {
        problems.add("projection " + projection.name() + " has " + projection.deadLetters()
            + " dead letter(s)");
      }
    }
    if (horizon.isStalled() && horizon.lag().compareTo(maxStall) >= 0) {
      problems.add(0, "the global log is held back for " + Output.duration(horizon.lag())
          + horizon.blocker().map(b -> " by pid " + b.pid()).orElse(""));
    }
    return new HealthReport(roundTrip, horizon, states, deadLetters, List.copyOf(problems));
  }

  boolean healthy() {
    return problems.isEmpty();
  }

  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("status       " + (healthy() ? "ok" : "degraded"));
    lines.add("database     reachable, " + Output.duration(roundTrip) + " round trip");
    lines.add("horizon      " + (horizon.isStalled()
        ? horizon.pendingEvents() + " event(s) held back for " + Output.duration(horizon.lag())
        : "not held back"));
    List<String> counts = new ArrayList<>();
    projections.forEach((state, n) -> counts.add(n + " " + state.name().toLowerCase(Locale.ROOT)));
    lines.add("projections  " + (counts.isEmpty() ? "none" : String.join(", ", counts))
        + "; " + deadLetters + " dead letter(s)");
    problems.forEach(problem -> lines.add("problem      " + problem));
    return lines;
  }

  ObjectNode json() {
    ObjectNode node = Output.object().put("status", healthy() ? "ok" : "degraded")
        .put("roundTripMillis", roundTrip.toMillis())
        .put("horizonPendingEvents", horizon.pendingEvents())
        .put("horizonLagMillis", horizon.lag().toMillis());
    ObjectNode states = node.putObject("projections");
    projections.forEach((state, n) -> states.put(state.name(), n));
    node.put("deadLetters", deadLetters);
    ArrayNode list = node.putArray("problems");
    problems.forEach(list::add);
    return node;
  }
}
