package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;

/**
 * A projection that commits its checkpoint in the same transaction as its read-model writes, for
 * exactly-once effects (for example {@code dev.eventcore.postgres.JdbcProjection}). The runner
 * never saves such a projection's checkpoint itself; it drives the projection instead:
 *
 * <ol>
 *   <li>{@link #open} each time the instance (re)starts applying events under its lease: with the
 *       checkpoint just loaded from the store and the lease's fencing token; events then come from
 *       that checkpoint's position;
 *   <li>{@link #handle} for each event, on the subscription's thread: writes into an open
 *       transaction, nothing is committed yet;
 *   <li>{@link #commit} at every runner tick and on pause, stop and rebuild, on the supervisor
 *       thread (possibly while {@link #handle} runs: implementations serialize the two): commits the
 *       pending writes together with the checkpoint, compare-and-set on its revision and fenced by
 *       the token, in one transaction;
 *   <li>{@link #abandon} when the instance stands down or must restart: rolls back what is pending.
 * </ol>
 *
 * <p>{@link #reset()} runs before a rebuild, after a commit, and should write its clearing into
 * the pending transaction: the runner's next {@link #commit} of {@link GlobalPosition#START}
 * commits the cleared read model and the reset checkpoint together.
 *
 * <p>When {@link #commit} fails with anything but {@link StaleCheckpointException}, the runner
 * abandons the pending work and resumes from the stored checkpoint: events since it are applied
 * again, into a read model that never saw them. A {@link StaleCheckpointException} means another
 * instance took over: the runner abandons and stands down.
 */
public interface TransactionalProjection extends Projection {

  /**
   * Starts a new transaction scope from {@code stored}, discarding anything pending.
   *
   * @param stored the checkpoint as stored now; the next commit compares against its revision
   * @param fencingToken the token of the lease this instance holds
   */
  void open(Checkpoint stored, long fencingToken);

  /**
   * Commits the pending writes with the checkpoint at {@code position}, or at the last handled
   * event if that is later. With nothing pending and the position unchanged, does nothing.
   *
   * @return the checkpoint now stored
   * @throws StaleCheckpointException if another instance saved since {@link #open}: nothing was
   *     committed
   */
  Checkpoint commit(GlobalPosition position);

  /** Rolls back whatever is pending and releases the transaction's resources. Idempotent. */
  void abandon();
}
