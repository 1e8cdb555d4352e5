package dev.eventcore.projection;

/**
 * Where a projection is in its life, as the runner reports it.
 *
 * @since 0.1.0
 */
public enum ProjectionState {
  /** Started, waiting for its {@link Lease}: another instance is active. */
  STANDBY,
  /** Applying events, caught up or catching up. */
  RUNNING,
  /** Holding its lease and checkpoint, applying nothing until resumed. */
  PAUSED,
  /** Replaying the log from the start after a reset; becomes RUNNING when caught up. */
  REBUILDING,
  /** Not started, or stopped on request. */
  STOPPED,
  /** Stopped by an error: see {@link ProjectionStatus#lastError()}. Start or rebuild to retry. */
  FAILED
}
