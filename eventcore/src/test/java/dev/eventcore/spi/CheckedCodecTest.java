package dev.eventcore.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventDecodingException;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.serialization.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The rules every adapter applies around a codec, with codecs written by hand (no Jackson). */
class CheckedCodecTest {

  /** A codec of strings: as they are (binary) or as hand-written JSON text. */
  private static EventCodec codec(String name, EventCodec.Format format,
      Function<Object, byte[]> encode, Function<byte[], Object> decode) {
    return new EventCodec() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Format format() {
        return format;
      }

      @Override
      public byte[] encode(Object payload) {
        return encode.apply(payload);
      }

      @Override
      public <T> T decode(byte[] data, Class<T> type) {
        return type.cast(decode.apply(data));
      }
    };
  }

  private static final EventCodec TEXT = codec("text", EventCodec.Format.BINARY,
      p -> ((String) p).getBytes(StandardCharsets.UTF_8),
      b -> new String(b, StandardCharsets.UTF_8));

  private static EventCodec json(String written) {
    return codec("json", EventCodec.Format.JSON,
        p -> written.getBytes(StandardCharsets.UTF_8), b -> "x");
  }

  @Test
  void aBinaryCodecRoundTripsAndIsHeldToTheSizeLimit() {
    CheckedCodec checked = CheckedCodec.of(TEXT, 5);
    assertEquals("text", checked.name());
    assertSame(TEXT, checked.codec());
    assertEquals(false, checked.json());
    byte[] bytes = checked.encode("a\u0000b", () -> "payload");
    assertArrayEquals(new byte[] {'a', 0, 'b'}, bytes);
    assertEquals("a\u0000b", checked.decode(bytes, String.class, () -> "row"));
    PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
        () -> checked.encode("abcdef", () -> "payload of event 0"));
    assertEquals(6, e.size());
    assertTrue(e.getMessage().startsWith("payload of event 0"), e.getMessage());
  }

  @Test
  void payloadsOfExactlyTheLimitPassAndOneByteMoreIsRefusedBinaryOrJson() {
    assertArrayEquals(new byte[] {'a'}, CheckedCodec.of(TEXT, 1).encode("a", () -> "payload"));
    assertEquals(5, CheckedCodec.of(TEXT, 5).encode("abcde", () -> "payload").length);
    assertThrows(PayloadTooLargeException.class,
        () -> CheckedCodec.of(TEXT, 4).encode("abcde", () -> "payload"));

    String json = "{\"v\":1}"; // 7 bytes
    assertEquals(7, CheckedCodec.of(json(json), 7).encode("x", () -> "payload").length);
    PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
        () -> CheckedCodec.of(json(json), 6).encode("x", () -> "payload"));
    assertEquals(7, e.size());
    assertThrows(IllegalArgumentException.class, () -> CheckedCodec.of(TEXT, 0));
  }

  @Test
  void aJsonCodecsBytesAreCheckedAsWritten() {
    CheckedCodec good = CheckedCodec.of(json("{\"v\":1.5}"), 100);
    assertTrue(good.json());
    assertEquals("{\"v\":1.5}",
        new String(good.encode("x", () -> "payload"), StandardCharsets.UTF_8));
    for (String bad : new String[] {"{\"v\":NaN}", "{\"v\":-0.0}", "{\"v\":\"a\\u0000\"}",
        "{\"v\":", "null"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckedCodec.of(json(bad), 100).encode("x", () -> "payload of event 2"), bad);
      assertTrue(e.getMessage().startsWith("payload of event 2 "), e.getMessage());
    }
  }

  @Test
  void aCodecThatFailsOrReturnsNullIsReportedNamingTheEventAndTheCodec() {
    CheckedCodec failing = CheckedCodec.of(codec("boom", EventCodec.Format.BINARY,
        p -> { throw new IllegalStateException("no schema for it"); },
        b -> { throw new IllegalStateException("truncated"); }), 100);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> failing.encode("x", () -> "payload of event 0 (Noted)"));
    assertEquals("payload of event 0 (Noted) cannot be encoded by codec 'boom': no schema for it",
        e.getMessage());
    EventDecodingException d = assertThrows(EventDecodingException.class,
        () -> failing.decode(new byte[1], String.class, () -> "order-1@2"));
    assertEquals("cannot decode stored event order-1@2 into java.lang.String with codec 'boom':"
        + " truncated", d.getMessage());
    CheckedCodec nulls = CheckedCodec.of(codec("nulls", EventCodec.Format.BINARY, p -> null,
        b -> null), 100);
    assertThrows(IllegalArgumentException.class, () -> nulls.encode("x", () -> "payload"));
    assertTrue(assertThrows(EventDecodingException.class,
        () -> nulls.decode(new byte[1], String.class, () -> "row")).getMessage()
        .contains("codec 'nulls' read it as null"));
    assertTrue(assertThrows(EventDecodingException.class,
        () -> CheckedCodec.of(codec("json", EventCodec.Format.JSON, p -> new byte[] {'1'},
            b -> null), 10).decode(new byte[1], String.class, () -> "row"))
        .getMessage().contains("JSON null"));
  }

  @Test
  void whatTheCodecCannotReadBackIsRefusedWhenEncoded() {
    CheckedCodec oneWay = CheckedCodec.of(codec("oneway", EventCodec.Format.BINARY,
        p -> new byte[] {1}, b -> { throw new IllegalStateException("type id 'x.Y' denied"); }),
        100);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> oneWay.encode("x", () -> "payload of event 1 (Noted)"));
    assertEquals("payload of event 1 (Noted) was written by codec 'oneway' but cannot be read back"
        + " as java.lang.String, so it is refused: type id 'x.Y' denied", e.getMessage());
    CheckedCodec readsNull = CheckedCodec.of(codec("readsnull", EventCodec.Format.BINARY,
        p -> new byte[] {1}, b -> null), 100);
    assertEquals("payload was written by codec 'readsnull' but reads back as null, so it is"
        + " refused", assertThrows(IllegalArgumentException.class,
            () -> readsNull.encode("x", () -> "payload")).getMessage());
    CheckedCodec trimming = CheckedCodec.of(codec("trim", EventCodec.Format.BINARY,
        p -> ((String) p).getBytes(StandardCharsets.UTF_8),
        b -> new String(b, StandardCharsets.UTF_8).trim()), 100);
    assertEquals("ok", trimming.decode(trimming.encode("ok", () -> "payload"), String.class,
        () -> "row"), "what reads back equal is accepted");
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> trimming.encode(" padded", () -> "payload of event 3")).getMessage().startsWith(
            "payload of event 3 does not read back equal through codec 'trim', so it is refused:"
                + " written as java.lang.String  padded, read back as java.lang.String padded"
                + " at $ ("));
    EventCodec redacting = new EventCodec() { // changes what it reads by design
      @Override
      public String name() {
        return "redacting";
      }

      @Override
      public Format format() {
        return Format.BINARY;
      }

      @Override
      public byte[] encode(Object payload) {
        return new byte[] {1};
      }

      @Override
      public <T> T decode(byte[] data, Class<T> type) {
        return type.cast("[forgotten]");
      }

      @Override
      public boolean readsBackEqual() {
        return false;
      }
    };
    assertArrayEquals(new byte[] {1},
        CheckedCodec.of(redacting, 10).encode("secret", () -> "payload"),
        "a codec that redacts by design is only held to reading back");
  }

  @Test
  void namesAndFormatsAreCheckedSayingWhatIsAllowed() {
    for (String name : new String[] {"json", "cbor", "a", "proto.v2", "kryo_5-x",
        "a".repeat(32)}) {
      EventCodec codec = codec(name,
          name.equals("json") ? EventCodec.Format.JSON : EventCodec.Format.BINARY,
          p -> new byte[0], b -> "");
      assertSame(codec, CheckedCodec.checkName(codec), name);
    }
    for (String name : new String[] {"", "JSON", "1abc", "a b", "a".repeat(33), "é"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckedCodec.checkName(codec(name, EventCodec.Format.BINARY, p -> null,
              b -> null)), name);
      assertTrue(e.getMessage().contains("1..32 chars of a-z"), e.getMessage());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CheckedCodec.checkName(
        codec(null, EventCodec.Format.BINARY, p -> null, b -> null))).getMessage()
        .contains("named null"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CheckedCodec.checkName(
        codec("x", null, p -> null, b -> null))).getMessage().contains("no format"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CheckedCodec.checkName(
        codec("json", EventCodec.Format.BINARY, p -> null, b -> null))).getMessage()
        .contains("binary but named 'json'"));
    assertEquals("codec",
        assertThrows(NullPointerException.class, () -> CheckedCodec.of(null, 1)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CheckedCodec.of(TEXT, 0))
        .getMessage().contains("maxBytes must be >= 1"));
  }
}
