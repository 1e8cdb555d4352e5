package dev.eventcore.memory;

import dev.eventcore.spi.CheckedCodec;
import java.util.function.Supplier;

/**
 * A payload kept as the bytes a codec wrote, read back on every read as a serializing store does:
 * so a codec that reads differently over time (e.g. one that redacts the personal data of a
 * forgotten subject) is honoured by the in-memory store too.
 */
final class EncodedPayload {
  private final byte[] bytes;
  private final Class<?> type;
  private final CheckedCodec codec;
  private final Supplier<String> what;

  EncodedPayload(byte[] bytes, Class<?> type, CheckedCodec codec, Supplier<String> what) {
    this.bytes = bytes;
    this.type = type;
    this.codec = codec;
    this.what = what;
  }

  /** The payload read back as {@code as} (a snapshot's requested state class). */
  Object readAs(Class<?> as) {
    return codec.decode(bytes, as, what);
  }

  /** {@code stored} read back if it is an encoded payload, else {@code stored} itself. */
  static Object read(Object stored) {
    return stored instanceof EncodedPayload encoded
        ? encoded.codec.decode(encoded.bytes, encoded.type, encoded.what)
        : stored;
  }
}
