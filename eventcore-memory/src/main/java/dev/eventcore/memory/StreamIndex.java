package dev.eventcore.memory;

import java.util.Arrays;

/**
 * One stream's events, as the indexes of its events in the store's {@link EventLog}, in version
 * order: the event of version {@code v} is at log index {@link #get get(v - 1)}. For one writer
 * (holding the store's write lock) and any number of lock-free readers. Indexes live in chunks of
 * 1,024 (the first starts at 8 and doubles, as most streams are short), so growth copies at most
 * the first chunk. Added indexes become visible to readers only at {@link #publish()}.
 */
final class StreamIndex {
  private static final int CHUNK_BITS = 10;
  private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  private static final int CHUNK_MASK = CHUNK_SIZE - 1;
  private static final int FIRST_CHUNK_SIZE = 8;

  /** Replaced, never changed in place once readers may see it; a reader reads it after the size. */
  private volatile int[][] chunks = new int[1][];
  private int written;
  private volatile int published;

  /**
   * Adds the log index of the stream's next event, invisible until {@link #publish()}. A grown
   * outer array or a grown first chunk comes in a new outer array, written to the volatile field
   * after its contents.
   */
  void add(int logIndex) {
    int chunk = written >>> CHUNK_BITS;
    int offset = written & CHUNK_MASK;
    int[][] current = chunks;
    int[] target = chunk < current.length ? current[chunk] : null;
    if (target == null || offset == target.length) {
      int[][] next =
          Arrays.copyOf(current, chunk < current.length ? current.length : current.length * 2);
      // a new chunk, or the first one grown by a copy holding every index of the one it replaces
      target = target == null ? new int[chunk == 0 ? FIRST_CHUNK_SIZE : CHUNK_SIZE]
          : Arrays.copyOf(target, target.length * 2);
      next[chunk] = target;
      chunks = next;
    }
    target[offset] = logIndex;
    written++;
  }

  /** Makes every added index visible to readers. Writer only. */
  void publish() {
    published = written;
  }

  /** The number of events the writer added, published or not: the stream's version. Writer only. */
  int written() {
    return written;
  }

  /** The number of published events. */
  int size() {
    return published;
  }

  /** The log index of the stream's event at {@code i} (version {@code i + 1}), below a size read before. */
  int get(int i) {
    return chunks[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }
}
