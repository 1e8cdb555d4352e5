package dev.eventcore.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.serialization.EventCodec;
import dev.eventcore.spi.CheckedCodec;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.cbor.CBORMapper;

/** The CBOR codec: the contract, a binary format, smaller than JSON. */
class JacksonCborCodecTest extends EventCodecContract {
  @Override
  protected EventCodec codec() {
    return JacksonCodec.cbor();
  }

  record Maybe(String name, Optional<String> note) {}

  @Test
  void itIsBinaryNamedCborAndOneInstance() {
    assertEquals("cbor", JacksonCodec.cbor().name());
    assertEquals(EventCodec.Format.BINARY, JacksonCodec.cbor().format());
    assertSame(JacksonCodec.cbor(), JacksonCodec.cbor());
    assertEquals("cbor", JacksonCodec.cbor(CBORMapper.builder().build()).name());
  }

  @Test
  void aNullOptionalIsRefusedAsInJson() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckedCodec.of(codec(), 1000).encode(new Maybe("m", null), () -> "payload"));
    assertTrue(e.getMessage().contains("Optional.empty()"), e.getMessage());
    assertEquals(new Maybe("m", Optional.empty()),
        codec().decode(codec().encode(new Maybe("m", Optional.empty())), Maybe.class));
  }

  @Test
  void itWritesFewerBytesThanJson() {
    CodecPayloads.Placed placed = new CodecPayloads.Placed("o-1", java.util.List.of(
        new CodecPayloads.Line("sku-1", 2, new java.math.BigDecimal("9.99"))),
        java.util.Map.of("channel", "web"), java.time.Instant.EPOCH);
    assertTrue(codec().encode(placed).length < JacksonCodec.json().encode(placed).length);
  }
}
