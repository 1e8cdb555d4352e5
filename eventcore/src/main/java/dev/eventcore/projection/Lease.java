package dev.eventcore.projection;

/**
 * A granted {@link ProjectionLease}: its holder is the active instance of the projection until it
 * closes the lease or a renewal fails.
 *
 * @since 0.1.0
 */
public interface Lease extends AutoCloseable {

  /** The projection it is for. */
  String projection();

  /** Who holds it. */
  String owner();

  /** Strictly increasing per projection across grants, {@code >= 1}: fences checkpoint writes. */
  long fencingToken();

  /**
   * Extends the lease.
   *
   * @return false if it was lost (expired and granted to another instance, or released): the
   *     holder must stop applying events at once
   */
  boolean renew();

  /**
   * Whether an operator asked, through the lease's backing store, for the projection to be rebuilt
   * by whoever is granted it next (the admin CLI in another process, which cannot call the
   * projection's reset itself). The runner granted such a lease rebuilds the projection ({@link
   * Projection#reset()}, checkpoint to START, replay) instead of resuming from its checkpoint, then
   * calls {@link #rebuildStarted()}. False by default.
   */
  default boolean rebuildRequested() {
    return false;
  }

  /**
   * Tells the backing store that the requested rebuild began (reset done, checkpoint at START), so
   * the next grant resumes normally. Best effort: if it fails, the next holder rebuilds again. Does
   * nothing by default.
   */
  default void rebuildStarted() {}

  /**
   * Whether an operator asked, through the lease's backing store, for the projection's dead letters
   * to be replayed by whoever is granted it next (the admin CLI, which has no handler to run). The
   * runner granted such a lease replays them ({@link ProjectionRunner#replayDeadLetters}) once it
   * runs, after calling {@link #replayStarted()}. False by default.
   */
  default boolean replayRequested() {
    return false;
  }

  /**
   * Tells the backing store that the requested replay began, so the next grant does not repeat it.
   * Best effort. Does nothing by default.
   */
  default void replayStarted() {}

  /** Releases the lease if still held. Idempotent. */
  @Override
  void close();
}
