package dev.eventcore.spi;

import dev.eventcore.EventDecodingException;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.internal.ReadBackDifference;
import dev.eventcore.serialization.EventCodec;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A store's {@link EventCodec} with the rules every adapter applies around it: a payload's bytes
 * are held to the size limit, a {@link EventCodec.Format#JSON JSON} codec's bytes to the checks of
 * {@link EncodedPayloads} (what the store accepts, it reads back equal), a codec's failure to
 * encode, or to read back what it encoded, becomes an {@link IllegalArgumentException} naming the
 * event before anything is written, and a failure to decode an {@link EventDecodingException} naming the stored event. Thread-safe.
 *
 * <pre>{@code
 * CheckedCodec codec = CheckedCodec.of(JacksonCodec.json(), limits.maxEventBytes());
 * byte[] bytes = codec.encode(payload, () -> "payload of event 0 (OrderPlaced)");
 * Object back = codec.decode(bytes, payload.getClass(), () -> "order-1@1");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class CheckedCodec {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,31}");

  private final EventCodec codec;
  private final long maxBytes;
  private final boolean json;

  private CheckedCodec(EventCodec codec, long maxBytes) {
    this.codec = codec;
    this.maxBytes = maxBytes;
    this.json = codec.format() == EventCodec.Format.JSON;
  }

  /**
   * {@code codec} checked with payloads of at most {@code maxBytes} bytes.
   *
   * @throws IllegalArgumentException if the codec's name or format is not allowed (see {@link
   *     EventCodec#name()}) or {@code maxBytes} is below 1
   */
  public static CheckedCodec of(EventCodec codec, long maxBytes) {
    checkName(codec);
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1 but was " + maxBytes);
    }
    return new CheckedCodec(codec, maxBytes);
  }

  /**
   * Checks a codec's {@link EventCodec#name()} and {@link EventCodec#format()}.
   *
   * @return {@code codec}
   * @throws IllegalArgumentException saying what is allowed
   */
  public static EventCodec checkName(EventCodec codec) {
    Objects.requireNonNull(codec, "codec");
    String name = codec.name();
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("codec name must be 1..32 chars of a-z, 0-9, '.', '_'"
          + " and '-', starting with a letter, but " + codec.getClass().getName() + " is named "
          + (name == null ? "null" : "'" + name + "'"));
    }
    if (codec.format() == null) {
      throw new IllegalArgumentException(
          "codec '" + name + "' has no format: return JSON or BINARY");
    }
    if (codec.format() == EventCodec.Format.BINARY && name.equals(EventCodec.JSON)) {
      throw new IllegalArgumentException("codec '" + name + "' is binary but named '"
          + EventCodec.JSON + "', the name of JSON text codecs: give it a name of its own");
    }
    return codec;
  }

  /** The codec checked. */
  public EventCodec codec() {
    return codec;
  }

  /** The codec's name. */
  public String name() {
    return codec.name();
  }

  /** Whether the codec writes JSON text. */
  public boolean json() {
    return json;
  }

  /**
   * The payload's bytes, checked.
   *
   * @param what names the payload in messages, e.g. "payload of event 0 (OrderPlaced) for stream
   *     order-1"; called only on failure
   * @throws IllegalArgumentException if the codec cannot encode it, a JSON codec's bytes break
   *     a rule, or the codec cannot read the bytes back as the payload's class, naming {@code
   *     what}
   * @throws PayloadTooLargeException if the bytes are over the limit
   */
  public byte[] encode(Object payload, Supplier<String> what) {
    byte[] bytes;
    try {
      bytes = codec.encode(payload);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what.get() + " cannot be encoded by codec '"
          + codec.name() + "': " + e.getMessage(), e);
    }
    if (bytes == null) {
      throw new IllegalArgumentException(
          what.get() + " was encoded to null by codec '" + codec.name() + "'");
    }
    if (json) {
      EncodedPayloads.check(bytes, codec.readLimits(), maxBytes, what);
    } else if (bytes.length > maxBytes) {
      throw new PayloadTooLargeException(what.get(), bytes.length, maxBytes);
    }
    readBack(bytes, payload, what);
    return bytes;
  }

  /**
   * Reads {@code bytes} back as the payload's class, as every later read will, and compares: a
   * codec may write what its own reader refuses (a type id its polymorphic type validator denies,
   * a class it cannot create) or reads back as something else (a {@code Long} under a property
   * declared {@code Object} comes back an {@code Integer}), and such a payload must fail its
   * append, not every read after it.
   */
  private void readBack(byte[] bytes, Object payload, Supplier<String> what) {
    Class<?> type = payload.getClass();
    Object back;
    try {
      back = codec.decode(bytes, type);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what.get() + " was written by codec '" + codec.name()
          + "' but cannot be read back as " + type.getName() + ", so it is refused: "
          + e.getMessage(), e);
    }
    if (back == null) {
      throw new IllegalArgumentException(what.get() + " was written by codec '" + codec.name()
          + "' but reads back as null, so it is refused");
    }
    Optional<String> difference = codec.readsBackEqual()
        ? ReadBackDifference.of(payload, back) : Optional.empty();
    if (difference.isPresent()) {
      throw new IllegalArgumentException(what.get() + " does not read back equal through codec '"
          + codec.name() + "', so it is refused: " + difference.get() + " (declare the"
          + " property with the type it holds, or configure the codec's mapper to read it back as"
          + " written; for dates, disable ADJUST_DATES_TO_CONTEXT_TIME_ZONE)");
    }
  }

  /**
   * A stored payload read as {@code type}.
   *
   * @param where names the stored event in messages; called only on failure
   * @throws EventDecodingException naming {@code where}, {@code type} and the codec's reason
   */
  public Object decode(byte[] data, Class<?> type, Supplier<String> where) {
    Object payload;
    try {
      payload = codec.decode(data, type);
    } catch (RuntimeException e) {
      throw new EventDecodingException("cannot decode stored event " + where.get() + " into "
          + type.getName() + " with codec '" + codec.name() + "': " + e.getMessage(), e);
    }
    if (payload == null) {
      throw new EventDecodingException("cannot decode stored event " + where.get() + ": "
          + (json ? "its data is JSON null" : "codec '" + codec.name() + "' read it as null"),
          null);
    }
    return payload;
  }

  @Override
  public String toString() {
    return "CheckedCodec[" + codec.name() + ", " + codec.format() + ", max " + maxBytes + " bytes]";
  }
}
