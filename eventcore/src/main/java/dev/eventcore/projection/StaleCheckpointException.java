package dev.eventcore.projection;

import dev.eventcore.EventcoreException;
import java.util.Objects;

/**
 * A checkpoint write was rejected: another writer saved since the caller's expected revision, or
 * the stored checkpoint was written under a newer lease. The caller is a stale instance and must
 * stop applying events; the runner goes back to standby.
 *
 * @since 0.1.0
 */
public final class StaleCheckpointException extends EventcoreException {
  private static final long serialVersionUID = 1L;

  private final transient Checkpoint expected;
  private final transient Checkpoint actual;
  private final long fencingToken;

  /** The write of {@code expected}'s successor under {@code fencingToken} found {@code actual}. */
  public StaleCheckpointException(Checkpoint expected, Checkpoint actual, long fencingToken) {
    super("checkpoint of projection " + expected.projection() + " not saved: expected revision "
        + expected.revision() + " with fencing token <= " + fencingToken + ", but revision "
        + actual.revision() + " at position " + actual.position() + " was written with token "
        + actual.fencingToken() + "; another instance has taken over this projection");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.actual = Objects.requireNonNull(actual, "actual");
    this.fencingToken = fencingToken;
  }

  /** The checkpoint the writer expected. */
  public Checkpoint expected() {
    return expected;
  }

  /** The checkpoint stored when the write was rejected. */
  public Checkpoint actual() {
    return actual;
  }

  /** The writer's fencing token. */
  public long fencingToken() {
    return fencingToken;
  }

  /**
   * Always {@link Retry#NEVER}: another instance owns the projection; this one must stop
   * applying events, not try again.
   */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
