package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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
 *   <li>{@link #commit} once the oldest handled but uncommitted event ({@link #pendingSince()})
 *       has waited {@link #commitDelay()}, and on pause, stop and rebuild, on the supervisor thread
 *       (possibly while {@link #handle} runs: implementations serialize the two): commits the
 *       pending writes together with the checkpoint, compare-and-set on its revision and fenced by
 *       the token, in one transaction. A projection may also commit a full batch by itself;
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
 *
 * @since 0.1.0
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

  /**
   * How long a handled event may wait uncommitted: the runner commits once the oldest pending
   * event has waited this long. Zero (the default) commits as soon as the runner's thread sees a
   * handled event. Longer delays mean fewer, larger transactions and more read-model lag.
   */
  default Duration commitDelay() {
    return Duration.ZERO;
  }

  /**
   * When the oldest event handled but not committed yet was handled, in {@link System#nanoTime()}
   * terms; empty when nothing is pending. By default as if the oldest had waited {@link
   * #commitDelay()} already: the runner then commits at each of its wake-ups.
   */
  default OptionalLong pendingSince() {
    return OptionalLong.of(System.nanoTime() - commitDelay().toNanos());
  }

  /**
   * The checkpoint the projection committed last, for the runner or by itself (a full batch), so
   * the runner's position, lag and waits for a position see commits it did not ask for. Empty by
   * default: the runner then knows only its own commits.
   */
  default Optional<Checkpoint> lastCommitted() {
    return Optional.empty();
  }

  /**
   * Whether the projection set events aside without applying them and needs them delivered again
   * from its stored checkpoint: a batch failed, the events before the one at fault were
   * committed, and the one at fault must now be handled alone so that the error policy sees it.
   * After a commit that leaves this true, the runner resubscribes from the stored checkpoint (no
   * error is reported); {@link #open} clears it. False by default.
   */
  default boolean redeliveryNeeded() {
    return false;
  }

  /**
   * Applies {@code events} again, out of log order, in a transaction of their own: the parts of one
   * stored event this projection dead-lettered, replayed by {@link
   * ProjectionRunner#replayDeadLetter}. The runner calls it holding the lease, with no run open and
   * nothing pending. It commits the writes together with the checkpoint, its position unchanged,
   * compare-and-set on {@code stored}'s revision and fenced by {@code fencingToken}, so an instance
   * that lost its lease commits nothing. An implementation may also remove the event's letters
   * from {@code deadLetters} in that transaction ({@code JdbcProjection} does, for a dead-letter
   * store in its database); the runner removes them after the commit in any case.
   *
   * <p>By default: {@link #open}, {@link #handle} each event, {@link #commit} at {@code stored}'s
   * position, and {@link #abandon} in the end.
   *
   * @return the checkpoint stored now
   * @throws StaleCheckpointException if another instance saved since {@code stored}: nothing was
   *     committed
   * @throws Exception what the handler threw: nothing was committed
   */
  default Checkpoint replay(List<RecordedEvent<?>> events, Checkpoint stored, long fencingToken,
      DeadLetterStore deadLetters) throws Exception {
    open(stored, fencingToken);
    try {
      for (RecordedEvent<?> event : events) {
        handle(event);
      }
      return commit(stored.position());
    } finally {
      abandon();
    }
  }
}
