package dev.eventcore.projection;

import org.jspecify.annotations.Nullable;

/** Checkpoint protocol steps shared by the runner and store-side projections. */
final class Checkpoints {
  private static final int CLAIM_ATTEMPTS = 10;

  private Checkpoints() {}

  /**
   * Claims {@code projection}'s checkpoint for the holder of lease {@code token}: rewrites it under
   * that token, so every later write of an older holder is rejected. Retries when an older holder
   * wrote in between.
   *
   * @throws StaleCheckpointException if a newer lease holder already wrote it
   */
  static Checkpoint claim(CheckpointStore store, String projection, long token) {
    @Nullable StaleCheckpointException last = null;
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      Checkpoint current = store.load(projection);
      if (current.fencingToken() > token) {
        throw new StaleCheckpointException(current, current, token);
      }
      try {
        return store.save(current, current.position(), token);
      } catch (StaleCheckpointException e) {
        last = e;
      }
    }
    throw last;
  }
}
