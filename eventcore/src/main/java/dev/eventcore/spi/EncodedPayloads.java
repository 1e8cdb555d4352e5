package dev.eventcore.spi;

import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.StreamId;
import dev.eventcore.internal.EncodedJson;
import dev.eventcore.serialization.JsonLimits;
import java.util.function.Supplier;

/**
 * The payload check of an adapter that encodes payloads to JSON: run on exactly the bytes the codec
 * produced, so that records, plain classes, maps and anything else the codec writes are held to the
 * same rules. It refuses what a store could not keep or read back unchanged — malformed JSON
 * ({@code NaN}, infinities), invalid UTF-8, an escaped NUL or an unpaired surrogate, negative zero,
 * a value over the reader's {@link JsonLimits} — and measures the size on the bytes.
 *
 * @since 0.1.0
 */
public final class EncodedPayloads {
  private EncodedPayloads() {}

  /**
   * Checks one encoded payload.
   *
   * @param json the payload as the codec wrote it, in UTF-8
   * @param limits the limits of the reader that will decode it
   * @param maxBytes the largest payload allowed ({@link dev.eventcore.StoreLimits#maxEventBytes()})
   * @param what names the payload in messages, e.g. "payload of event 0 (OrderPlaced) for stream
   *     order-1"; called only on failure
   * @throws PayloadTooLargeException if {@code json} has more than {@code maxBytes} bytes
   * @throws IllegalArgumentException naming {@code what} and the JSON path of what is wrong
   */
  public static void check(byte[] json, JsonLimits limits, long maxBytes, Supplier<String> what) {
    check(json, json.length, limits, maxBytes, what);
  }

  /**
   * {@link #check(byte[], JsonLimits, long, Supplier)} of the first {@code length} bytes of {@code
   * json}: for a codec that writes into a reused buffer.
   */
  public static void check(
      byte[] json, int length, JsonLimits limits, long maxBytes, Supplier<String> what) {
    if (length > maxBytes) {
      throw new PayloadTooLargeException(what.get(), length, maxBytes);
    }
    try {
      EncodedJson.check(json, length, limits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what.get() + " " + e.getMessage(), e);
    }
  }

  /**
   * Checks the running total of an append's payload and metadata bytes against {@link
   * dev.eventcore.StoreLimits#maxAppendBytes()}.
   *
   * @param bytes the bytes of the append's events up to and including event {@code index}
   * @throws PayloadTooLargeException if {@code bytes} is over {@code maxAppendBytes}
   */
  public static void checkAppendSize(long bytes, long maxAppendBytes, int index, StreamId stream) {
    if (bytes > maxAppendBytes) {
      throw new PayloadTooLargeException("this append (StoreLimits.maxAppendBytes: split it): its"
          + " payloads and metadata up to event " + index + " for stream " + stream, bytes,
          maxAppendBytes);
    }
  }
}
