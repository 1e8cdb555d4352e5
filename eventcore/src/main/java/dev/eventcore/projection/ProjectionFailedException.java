package dev.eventcore.projection;

import dev.eventcore.EventStoreException;

/** A projection is {@link ProjectionState#FAILED}; {@link #error()} says where and why. */
public final class ProjectionFailedException extends EventStoreException {
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
}
