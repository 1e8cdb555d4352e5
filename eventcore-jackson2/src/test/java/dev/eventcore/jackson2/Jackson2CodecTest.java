package dev.eventcore.jackson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.eventcore.jackson.CodecPayloads;
import dev.eventcore.jackson.EventCodecContract;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.spi.CheckedCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Jackson 2 codec with a mapper configured as a Spring Boot 3 application's: the contract, the
 * same strict rules as the Jackson 3 codec, and JSON either codec reads.
 */
class Jackson2CodecTest extends EventCodecContract {
  private static final ObjectMapper SPRING_LIKE = JsonMapper.builder()
      .addModule(new JavaTimeModule()).addModule(new Jdk8Module())
      .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  @Override
  protected EventCodec codec() {
    return Jackson2Codec.json(SPRING_LIKE);
  }

  record Maybe(String name, Optional<String> note) {}

  record Measure(double value) {}

  @Test
  void itIsTheJsonCodecByName() {
    assertEquals("json", codec().name());
    assertEquals(EventCodec.Format.JSON, codec().format());
    assertEquals("Jackson2Codec[json]", codec().toString(), "as logs and messages name it");
  }

  @Test
  void itWritesTheSameJsonAsTheJackson3Codec() {
    CodecPayloads.Placed placed = new CodecPayloads.Placed("o-1",
        List.of(new CodecPayloads.Line("sku", 1, new BigDecimal("1.50"))), Map.of("k", "v"),
        Instant.parse("2026-12-05T10:15:30.5Z"));
    byte[] two = codec().encode(placed);
    byte[] three = JacksonCodec.json().encode(placed);
    assertEquals(
        new String(three, StandardCharsets.UTF_8), new String(two, StandardCharsets.UTF_8));
    assertEquals(placed, JacksonCodec.json().decode(two, CodecPayloads.Placed.class));
    assertEquals(placed, codec().decode(three, CodecPayloads.Placed.class));
    assertEquals("{\"value\":10000000.0}",
        new String(codec().encode(new Measure(1e7)), StandardCharsets.UTF_8));
  }

  @Test
  void aNullOptionalIsRefusedNamingTheProperty() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckedCodec.of(codec(), 1000).encode(new Maybe("m", null), () -> "payload"));
    assertTrue(e.getMessage().contains("'note'"), e.getMessage());
    assertEquals(new Maybe("m", Optional.empty()), codec().decode(
        codec().encode(new Maybe("m", Optional.empty())), Maybe.class));
  }

  @Test
  void theMapperIsNotChangedByTheCodec() {
    ObjectMapper mapper = new ObjectMapper();
    Jackson2Codec.json(mapper);
    assertTrue(mapper.getRegisteredModuleIds().isEmpty(), () -> mapper.getRegisteredModuleIds()
        .toString());
  }

  @Test
  void appendsAreHeldToTheLimitsTheMapperReadsWith() {
    ObjectMapper strict = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
        StreamReadConstraints.builder().maxStringLength(10).build()).build());
    assertEquals(10, Jackson2Codec.json(strict).readLimits().maxStringLength());
    ObjectMapper limited = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
        StreamReadConstraints.builder().maxDocumentLength(1000).build()).build());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Jackson2Codec.json(limited));
    assertTrue(e.getMessage().contains("maxDocumentLength"), e.getMessage());
  }

  @Test
  void aNullMapperIsRefusedByName() {
    assertEquals("mapper",
        assertThrows(NullPointerException.class, () -> Jackson2Codec.json(null)).getMessage());
  }
}
