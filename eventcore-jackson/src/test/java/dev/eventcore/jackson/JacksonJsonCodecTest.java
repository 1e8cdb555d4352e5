package dev.eventcore.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.JsonLimits;
import dev.eventcore.spi.CheckedCodec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** The default JSON codec: the contract, plus the Jackson rules that keep jsonb values equal. */
class JacksonJsonCodecTest extends EventCodecContract {
  @Override
  protected EventCodec codec() {
    return JacksonCodec.json();
  }

  record Maybe(String name, Optional<String> note) {}

  record Measure(double value) {}

  @Test
  void itIsJsonNamedJsonAndOneInstance() {
    assertEquals("json", codec().name());
    assertEquals(EventCodec.Format.JSON, codec().format());
    assertSame(JacksonCodec.json(), JacksonCodec.json());
  }

  @Test
  void doublesAreWrittenInPlainNotationSoJsonbKeepsThemDoubles() {
    assertEquals("{\"value\":10000000.0}",
        new String(codec().encode(new Measure(1e7)), StandardCharsets.UTF_8));
    String small = new String(codec().encode(new Measure(1e-4)), StandardCharsets.UTF_8);
    assertTrue(!small.contains("E"), small);
    assertEquals(new Measure(1e-4), codec().decode(small.getBytes(StandardCharsets.UTF_8),
        Measure.class));
  }

  @Test
  void aNullOptionalIsRefusedNamingTheProperty() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckedCodec.of(codec(), 1000).encode(new Maybe("m", null), () -> "payload"));
    assertTrue(e.getMessage().contains("'note'"), e.getMessage());
    assertTrue(e.getMessage().contains("Optional.empty()"), e.getMessage());
  }

  @Test
  void appendsAreHeldToTheLimitsTheMapperReadsWith() {
    JsonMapper strict = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
        StreamReadConstraints.builder().maxStringLength(10).build()).build()).build();
    EventCodec codec = JacksonCodec.json(strict);
    assertEquals(10, codec.readLimits().maxStringLength());
    assertEquals(JsonLimits.defaults(), JacksonCodec.json().readLimits());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        CheckedCodec.of(codec, 1000).encode(new CodecPayloads.Note("a".repeat(11)), () -> "p"));
    assertTrue(e.getMessage().contains("10"), e.getMessage());
  }

  @Test
  void aMapperThatLimitsTheDocumentLengthIsRefused() {
    JsonMapper limited = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
        StreamReadConstraints.builder().maxDocumentLength(1000).build()).build()).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JacksonCodec.json(limited));
    assertTrue(e.getMessage().contains("maxDocumentLength"), e.getMessage());
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> JacksonCodec.json(null));
    assertEquals("mapper", e.getMessage());
    assertThrows(NullPointerException.class, () -> JacksonCodec.cbor(null));
  }
}
