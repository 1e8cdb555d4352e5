package dev.eventcore.memory;

/**
 * What the store's two append-only sequences share ({@link EventLog} and each {@link
 * StreamIndex}): one writer, holding the store's write lock, adds entries that lock-free readers
 * see only from {@link #publish()} on; entries live in chunks of {@link #CHUNK_SIZE}, the first
 * starting at {@link #FIRST_CHUNK_SIZE} and doubling (most sequences are short), so growth copies
 * at most the first chunk. A subclass keeps its chunks in a volatile outer array that it replaces
 * rather than changes once readers may see it, and a reader reads that array after the size.
 */
abstract class ChunkedSequence {
  static final int CHUNK_BITS = 10;
  static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  static final int CHUNK_MASK = CHUNK_SIZE - 1;
  static final int FIRST_CHUNK_SIZE = 8;

  private int written;
  private volatile int published;

  /** Counts one more entry added, and returns its index. Writer only. */
  final int next() {
    return written++;
  }

  /** Makes every added entry visible to readers. Writer only. */
  final void publish() {
    published = written;
  }

  /** The number of entries the writer added, published or not. Writer only. */
  final int written() {
    return written;
  }

  /** The number of published entries. */
  final int size() {
    return published;
  }

  /** The capacity of a new chunk {@code number}. */
  static int newChunkCapacity(int number) {
    return number == 0 ? FIRST_CHUNK_SIZE : CHUNK_SIZE;
  }

  /** The length of an outer array of {@code length} that is to hold chunk {@code number}. */
  static int outerLength(int length, int number) {
    return number < length ? length : length * 2;
  }
}
