package dev.eventcore.memory;

import java.util.Arrays;

/**
 * The log indexes of the events that deletions and truncations removed, in pages of 65,536 bits
 * shared between versions: a removal makes a new set that copies the outer array and only the
 * pages it touches, so removing a stream's events costs about what it removes, whatever the size
 * of the log. Immutable: a lock-free reader holds one version for a whole read.
 */
final class RemovedEvents {
  /** No event removed. */
  static final RemovedEvents NONE = new RemovedEvents(new long[0][]);

  private static final int PAGE_BITS = 16;
  private static final int PAGE_MASK = (1 << PAGE_BITS) - 1;

  /** Bit {@code i % 65,536} of page {@code i / 65,536} is set for a removed index {@code i}. */
  private final long[][] pages;

  private RemovedEvents(long[][] pages) {
    this.pages = pages;
  }

  /** Whether no event was removed. */
  boolean isEmpty() {
    return pages.length == 0;
  }

  /** Whether the event at log index {@code index} was removed. */
  boolean contains(int index) {
    int page = index >>> PAGE_BITS;
    if (page >= pages.length) {
      return false;
    }
    long[] bits = pages[page];
    return bits != null && (bits[(index & PAGE_MASK) >>> 6] & (1L << index)) != 0;
  }

  /**
   * This set and the log indexes of {@code stream}'s events {@code from} (inclusive) to {@code
   * to}; adds to {@code newly[0]} how many of them were not removed already.
   */
  RemovedEvents with(StreamIndex stream, int from, int to, long[] newly) {
    if (from >= to) {
      return this;
    }
    // a stream's log indexes grow with its versions: its last one is on the last page touched
    int lastPage = stream.get(to - 1) >>> PAGE_BITS;
    long[][] next = Arrays.copyOf(pages, Math.max(pages.length, lastPage + 1));
    boolean[] copied = new boolean[next.length];
    for (int i = from; i < to; i++) {
      int index = stream.get(i);
      int page = index >>> PAGE_BITS;
      if (!copied[page]) {
        next[page] = next[page] == null ? new long[(1 << PAGE_BITS) / 64] : next[page].clone();
        copied[page] = true;
      }
      long[] bits = next[page];
      int word = (index & PAGE_MASK) >>> 6;
      long bit = 1L << index;
      if ((bits[word] & bit) == 0) {
        bits[word] |= bit;
        newly[0]++;
      }
    }
    return new RemovedEvents(next);
  }
}
