package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;

/**
 * Where projections keep their checkpoints. Writes are compare-and-set on the checkpoint's
 * revision and fenced by the writer's lease token, so an instance that lost its lease (a paused
 * VM, a network partition) cannot overwrite the progress of the instance that took over.
 *
 * <pre>{@code
 * Checkpoint current = checkpoints.load("order-totals");          // revision 0 if never saved
 * Checkpoint saved = checkpoints.save(current, lastHandled, lease.fencingToken());
 * }</pre>
 *
 * <p>Implementations: {@code dev.eventcore.memory.InMemoryCheckpointStore}; the PostgreSQL store
 * (a row per projection; {@code UPDATE ... WHERE revision = ? AND fencing_token <= ?}). A store-side
 * projection writes its checkpoint with the same rules in its own transaction. Thread-safe.
 *
 * @since 0.1.0
 */
public interface CheckpointStore {

  /** The stored checkpoint, or {@link Checkpoint#initial(String)} when none is stored. */
  Checkpoint load(String projection);

  /**
   * Stores {@code position} for {@code expected.projection()} if the stored checkpoint still has
   * {@code expected}'s revision (revision 0: none stored) and its fencing token is not newer than
   * {@code fencingToken}. The position may move backwards (a rebuild resets it to START).
   *
   * @param expected the checkpoint the caller last loaded or saved
   * @param position the new position
   * @param fencingToken the caller's lease token, {@code >= 1}
   * @return the stored checkpoint: revision {@code expected.revision() + 1}
   * @throws StaleCheckpointException if another writer saved since {@code expected}, or a newer
   *     lease holder did
   */
  Checkpoint save(Checkpoint expected, GlobalPosition position, long fencingToken);
}
