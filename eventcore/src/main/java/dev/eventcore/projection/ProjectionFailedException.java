package dev.eventcore.projection;

import dev.eventcore.EventcoreException;

/**
 * A projection is {@link ProjectionState#FAILED}; {@link #error()} says where and why.
 *
 * @since 0.1.0
 */
public final class ProjectionFailedException extends EventcoreException {
  private static final long serialVersionUID = 1L;

  private final transient ProjectionError error;

  /** {@code projection} failed with {@code error}. */
  public ProjectionFailedException(String projection, ProjectionError error) {
    super("projection " + projection + " has failed: " + error.message());
    this.error = error;
  }

  /** The error that stopped the projection. */
  public ProjectionError error() {
    return error;
  }

  /**
   * Always {@link Retry#NEVER}: the projection stays failed until it is restarted (after the
   * cause in {@link #error()} is fixed or the event dead-lettered).
   */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
