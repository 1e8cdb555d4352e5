package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A projection as the runner sees it now.
 *
 * @param name the projection's name
 * @param state its state
 * @param position the last position it is done with (handled, or passed over by its filter)
 * @param lagEvents matching events in the log after {@code position}
 * @param lagTime how long the oldest of those events has been waiting; zero when caught up
 * @param eventsPerSecond the recent handling rate
 * @param handled events handled since the runner started it
 * @param deadLettered events given up on under a dead-letter policy since the runner started it
 * @param lastError the last error, if any
 * @param rebuild the rebuild's progress, while {@link ProjectionState#REBUILDING}
 *
 * @since 0.1.0
 */
public record ProjectionStatus(
    String name,
    ProjectionState state,
    GlobalPosition position,
    long lagEvents,
    Duration lagTime,
    double eventsPerSecond,
    long handled,
    long deadLettered,
    Optional<ProjectionError> lastError,
    Optional<RebuildProgress> rebuild) {

  /** Validates the fields. */
  public ProjectionStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(lagTime, "lagTime");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(rebuild, "rebuild");
  }
}
