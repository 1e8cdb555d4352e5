package dev.eventcore.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An append-only list for one writer (holding the store's write lock) and any number of lock-free
 * readers. Elements live in chunks of 1,024 (the first starts at 8 and doubles, as most streams
 * are short), so growth copies at most the first chunk's elements. Added elements
 * become visible to readers only at {@link #publish()}, which is what makes a multi-event append
 * appear at once.
 */
final class AppendOnlyLog<T> {
  private static final int CHUNK_BITS = 10;
  private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  private static final int CHUNK_MASK = CHUNK_SIZE - 1;

  /** The first chunk's first size: most streams are short, so it grows to a full chunk by doubling. */
  private static final int FIRST_CHUNK_SIZE = 8;

  private Object[][] chunks = new Object[1][];
  private int written;
  private volatile int published;

  /** Adds an element, invisible to readers until {@link #publish()}. Writer only. */
  void add(T element) {
    int chunk = written >>> CHUNK_BITS;
    int offset = written & CHUNK_MASK;
    if (chunk == chunks.length) {
      Object[][] grown = new Object[chunks.length * 2][];
      System.arraycopy(chunks, 0, grown, 0, chunks.length);
      chunks = grown;
    }
    Object[] target = chunks[chunk];
    if (target == null) {
      target = new Object[chunk == 0 ? FIRST_CHUNK_SIZE : CHUNK_SIZE];
      chunks[chunk] = target;
    } else if (offset == target.length) {
      // the first chunk, grown by a copy: like a grown outer array, it holds every element of the
      // one it replaces, so a reader sees the same published elements in either
      target = Arrays.copyOf(target, target.length * 2);
      chunks[chunk] = target;
    }
    target[offset] = element;
    written++;
  }

  /** Makes every added element visible to readers. Writer only. */
  void publish() {
    published = written;
  }

  /** Drops elements added since the last {@link #publish()}. Writer only. */
  void rollback() {
    for (int i = published; i < written; i++) {
      chunks[i >>> CHUNK_BITS][i & CHUNK_MASK] = null;
    }
    written = published;
  }

  /** The number of elements the writer added, published or not. Writer only. */
  int written() {
    return written;
  }

  /** The number of published elements. */
  int size() {
    return published;
  }

  /** The element at {@code index}, which must be below a size read before. */
  @SuppressWarnings("unchecked")
  T get(int index) {
    return (T) chunks[index >>> CHUNK_BITS][index & CHUNK_MASK];
  }

  /** A copy of up to {@code maxCount} published elements from {@code from}. */
  List<T> copy(long from, int maxCount) {
    int size = published;
    Object[][] snapshot = chunks;
    if (from >= size) {
      return List.of();
    }
    int start = (int) from;
    int end = (int) Math.min((long) size, start + (long) maxCount);
    List<T> out = new ArrayList<>(end - start);
    for (int i = start; i < end; i++) {
      @SuppressWarnings("unchecked")
      T element = (T) snapshot[i >>> CHUNK_BITS][i & CHUNK_MASK];
      out.add(element);
    }
    return Collections.unmodifiableList(out);
  }
}
