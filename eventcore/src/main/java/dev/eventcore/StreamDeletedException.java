package dev.eventcore;

import java.util.Objects;

/**
 * An append to (or an operation on) a deleted stream. A {@link Deletion#SOFT soft}-deleted stream
 * takes events again once {@linkplain StreamDeletions#restartStream restarted}; a {@link
 * Deletion#HARD hard}-deleted one never does. Nothing was written.
 *
 * @since 0.1.0
 */
public final class StreamDeletedException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final StreamId stream;
  private final Deletion deletion;

  /** {@code stream} was deleted as {@code deletion} says. */
  public StreamDeletedException(StreamId stream, Deletion deletion) {
    super("stream " + Objects.requireNonNull(stream, "stream") + " is "
        + (Objects.requireNonNull(deletion, "deletion") == Deletion.SOFT
            ? "deleted: restart it (restartStream) to append to it again"
            : "hard-deleted: it can never take events again; use another stream id"));
    this.stream = stream;
    this.deletion = deletion;
  }

  /** The deleted stream. */
  public StreamId stream() {
    return stream;
  }

  /** How it was deleted. */
  public Deletion deletion() {
    return deletion;
  }

  /**
   * {@link Retry#NEVER}: the same call fails until the stream is restarted (a soft deletion) — a
   * decision for the application, not a retry.
   */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
