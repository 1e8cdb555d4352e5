package dev.eventcore.memory;

import java.util.Arrays;

/**
 * One stream's events, as the indexes of its events in the store's {@link EventLog}, in version
 * order: the event of version {@code v} is at log index {@link #get get(v - 1)}. For one writer
 * (holding the store's write lock) and any number of lock-free readers. Indexes live in chunks of
 * 1,024 (the first starts at 8 and doubles, as most streams are short), so growth copies at most
 * the first chunk. Added indexes become visible to readers only at {@link #publish()}.
 */
final class StreamIndex extends ChunkedSequence {
  /** Replaced, never changed in place once readers may see it; a reader reads it after the size. */
  private volatile int[][] chunks = new int[1][];

  /**
   * Adds the log index of the stream's next event, invisible until {@link #publish()}. A grown
   * outer array or a grown first chunk comes in a new outer array, written to the volatile field
   * after its contents.
   */
  void add(int logIndex) {
    int index = written();
    int chunk = index >>> CHUNK_BITS;
    int offset = index & CHUNK_MASK;
    int[][] current = chunks;
    int[] target = chunk < current.length ? current[chunk] : null;
    if (target == null || offset == target.length) {
      int[][] next = Arrays.copyOf(current, outerLength(current.length, chunk));
      // a new chunk, or the first one grown by a copy holding every index of the one it replaces
      target = target == null ? new int[newChunkCapacity(chunk)]
          : Arrays.copyOf(target, target.length * 2);
      next[chunk] = target;
      chunks = next;
    }
    target[offset] = logIndex;
    next();
  }

  /** The log index of the stream's event at {@code i} (version {@code i + 1}), below a size read before. */
  int get(int i) {
    return chunks[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }
}
