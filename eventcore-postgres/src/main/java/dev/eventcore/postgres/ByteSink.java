package dev.eventcore.postgres;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that a thread reuses for each payload it encodes, so that encoding costs
 * no buffer allocation and no copy before the JSON is checked. Not thread-safe: one per thread.
 */
final class ByteSink extends OutputStream {
  private static final int INITIAL = 1 << 10;
  private static final int KEPT = 1 << 16;
  private static final ThreadLocal<ByteSink> SINKS = ThreadLocal.withInitial(ByteSink::new);

  private byte[] buffer = new byte[INITIAL];
  private int size;

  /** This thread's sink, emptied; a buffer grown past 64 KiB by a large payload is let go. */
  static ByteSink reset() {
    ByteSink sink = SINKS.get();
    sink.size = 0;
    if (sink.buffer.length > KEPT) {
      sink.buffer = new byte[INITIAL];
    }
    return sink;
  }

  /** The buffer; its first {@link #size()} bytes are what was written. */
  byte[] buffer() {
    return buffer;
  }

  int size() {
    return size;
  }

  @Override
  public void write(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
