package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.Metadata;
import dev.eventcore.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The hand-written metadata encoder writes the JSON a JSON parser reads back unchanged. */
class MetadataJsonTest {
  private static final List<String> PIECES = List.of("a", "Z", "9", " ", "\"", "\\", "/", "\n",
      "\r", "\t", "\b", "\f", "\u0001", "\u001f", "\u007f", "é", "€", "\u2028", "😀", "{", "}",
      ":", ",", "[", "u00");
  private static final JsonMapper PLAIN = JsonMapper.builder().build();

  private final MetadataJson codec = new MetadataJson(10_000);

  private static Gen<String> text(int minPieces) {
    return lists().of(integers().between(0, PIECES.size() - 1)).ofSizeBetween(minPieces, 12)
        .map(indexes -> {
          StringBuilder out = new StringBuilder();
          indexes.forEach(i -> out.append(PIECES.get(i)));
          return out.toString();
        });
  }

  @Test
  void metadataRoundTripsThroughAJsonParser() {
    qt().withFixedSeed(3L).withExamples(2_000)
        .forAll(lists().of(text(1)).ofSizeBetween(1, 4), lists().of(text(0)).ofSizeBetween(4, 4))
        .checkAssert((keys, values) -> {
          Metadata metadata = Metadata.empty();
          for (int i = 0; i < keys.size(); i++) {
            metadata = metadata.with(keys.get(i), values.get(i));
          }
          String json = codec.encodeMetadata(metadata, () -> "metadata");
          assertEquals(metadata.entries(),
              PLAIN.readValue(json, new TypeReference<Map<String, String>>() {}));
          byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
          assertEquals(metadata, codec.decodeMetadata(bytes, () -> "row"));
          assertEquals(metadata, codec.decodeMetadata(bytes.clone(), () -> "row"), "remembered");
        });
  }

  @Test
  void theSameMetadataIsEncodedOnce() {
    Metadata metadata = Metadata.empty().withCorrelationId("c-1").with("user", "alice");
    String first = codec.encodeMetadata(metadata, () -> "metadata");
    assertEquals("{\"correlationId\":\"c-1\",\"user\":\"alice\"}", first);
    assertSame(first, codec.encodeMetadata(metadata, () -> "metadata"));
    assertEquals("{}", codec.encodeMetadata(Metadata.empty(), () -> "metadata"));
  }

  @Test
  void metadataOverTheLimitIsRefused() {
    MetadataJson small = new MetadataJson(20);
    Metadata metadata = Metadata.empty().with("key", "€".repeat(10));
    PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
        () -> small.encodeMetadata(metadata, () -> "metadata of event 0"));
    assertEquals(true, e.getMessage().contains("metadata of event 0"), e.getMessage());
  }
}
