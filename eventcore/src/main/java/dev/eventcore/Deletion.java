package dev.eventcore;

/**
 * How a stream was deleted ({@link StreamDeletions}).
 *
 * @since 0.1.0
 */
public enum Deletion {
  /**
   * The stream reads as empty and refuses appends until {@linkplain StreamDeletions#restartStream
   * restarted}; its events stay in the global log.
   */
  SOFT,
  /**
   * The stream's events are removed from the store for good and the stream refuses appends
   * forever; only its {@link StreamDeleted} tombstone stays.
   */
  HARD
}
