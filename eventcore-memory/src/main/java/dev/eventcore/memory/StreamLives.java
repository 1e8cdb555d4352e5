package dev.eventcore.memory;

import dev.eventcore.Deletion;
import dev.eventcore.StreamId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What deletions and truncations changed in an in-memory store: per stream the first version its
 * reads return and its deletion, and the log indexes of removed events, which the global log's
 * reads skip (their positions are never handed out again). Changed by the writer only, under the
 * store's write lock; read without a lock.
 */
final class StreamLives {
  /**
   * A stream's readable start and deletion.
   *
   * @param first the first version reads return
   * @param deletion how it is deleted, null while live
   * @param removedBelow every event of a lower version is removed (a soft deletion hides events
   *     without removing them), so a removal starts there rather than at version 1
   */
  record Life(long first, @Nullable Deletion deletion, long removedBelow) {
    /** This life deleted as {@code deletion}, reading from {@code first}. */
    Life deleted(long first, Deletion deletion) {
      return new Life(first, deletion, deletion == Deletion.HARD ? first - 1 : removedBelow);
    }
  }

  /** A stream never deleted nor truncated. */
  static final Life LIVE = new Life(1, null, 1);

  private final Map<StreamId, Life> lives = new ConcurrentHashMap<>();
  /** Whether any stream has a life here: the appends' and reads' one check while none has. */
  private volatile boolean any;
  /** Replaced, never changed once published. */
  private volatile RemovedEvents removed = RemovedEvents.NONE;

  /** {@code stream}'s life; null for a stream never deleted nor truncated. */
  @Nullable Life of(StreamId stream) {
    return any ? lives.get(stream) : null;
  }

  /** The first version a read of {@code stream} returns. */
  long first(StreamId stream) {
    Life life = of(stream);
    return life == null ? 1 : life.first();
  }

  /** Sets {@code stream}'s life. Writer only. */
  void set(StreamId stream, Life life) {
    lives.put(stream, life);
    any = true;
  }

  /** The removed log indexes; never changed once returned. */
  RemovedEvents removed() {
    return removed;
  }

  /**
   * Removes the events of {@code stream} at indexes {@code from} (inclusive) to {@code to}; how
   * many were not removed already. Reads never lock: they see the set before or after.
   */
  long remove(StreamIndex stream, int from, int to) {
    long[] newly = {0};
    removed = removed.with(stream, from, to, newly);
    return newly[0];
  }

  /** Puts back {@code stream}'s life ({@code null}: none) and the removed set. Writer only. */
  void undo(StreamId stream, @Nullable Life life, RemovedEvents removedBefore) {
    if (life == null) {
      lives.remove(stream);
    } else {
      lives.put(stream, life);
    }
    removed = removedBefore;
  }
}
