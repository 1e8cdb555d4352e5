package dev.eventcore.memory;

import dev.eventcore.GlobalPosition;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.projection.StaleCheckpointException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Projection checkpoints in memory, with the PostgreSQL store's rules: a save succeeds only if the
 * stored revision is the expected one and the stored fencing token is not newer than the writer's.
 *
 * <pre>{@code
 * CheckpointStore checkpoints = new InMemoryCheckpointStore();
 * ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).build();
 * }</pre>
 *
 * <p>Thread-safe: each save is one atomic compare-and-set.
 *
 * @since 0.1.0
 */
public final class InMemoryCheckpointStore implements CheckpointStore {
  private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryCheckpointStore() {}

  @Override
  public Checkpoint load(String projection) {
    Objects.requireNonNull(projection, "projection");
    Checkpoint stored = checkpoints.get(projection);
    return stored != null ? stored : Checkpoint.initial(projection);
  }

  @Override
  public Checkpoint save(Checkpoint expected, GlobalPosition position, long fencingToken) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(position, "position");
    if (fencingToken < 1) {
      throw new IllegalArgumentException("fencingToken must be >= 1 but was " + fencingToken);
    }
    Checkpoint next = expected.next(position, fencingToken);
    Checkpoint[] rejected = new Checkpoint[1];
    checkpoints.compute(expected.projection(), (name, stored) -> {
      Checkpoint current = stored != null ? stored : Checkpoint.initial(name);
      if (current.revision() != expected.revision() || current.fencingToken() > fencingToken) {
        rejected[0] = current;
        return stored;
      }
      return next;
    });
    if (rejected[0] != null) {
      throw new StaleCheckpointException(expected, rejected[0], fencingToken);
    }
    return next;
  }

  @Override
  public String toString() {
    return "InMemoryCheckpointStore" + checkpoints.values();
  }
}
