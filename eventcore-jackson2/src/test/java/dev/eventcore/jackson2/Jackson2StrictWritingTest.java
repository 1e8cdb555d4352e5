package dev.eventcore.jackson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What the Jackson 2 codec refuses to write because it would not read back equal, and how it says
 * where: a {@code null} in an {@code Optional} property of any kind, named with its JSON path; and
 * the mapper limits it holds appends to.
 */
class Jackson2StrictWritingTest {
  private final EventCodec codec =
      Jackson2Codec.json(JsonMapper.builder().addModule(new Jdk8Module()).build());
  private static final String REFUSAL = ": has a null Optional in property 'note', which reads"
      + " back as Optional.empty(); use Optional.empty()";

  record Maybe(String name, Optional<String> note) {}

  record Counts(OptionalInt count, OptionalLong total, OptionalDouble mean) {}

  record Basket(List<Maybe> items) {}

  record Named(String name, Integer count, Double mean) {}

  private String refusal(Object payload) {
    return assertThrows(IllegalArgumentException.class, () -> codec.encode(payload),
        payload::toString).getMessage();
  }

  @Test
  void aNullInAnOptionalPropertyOfEachKindIsRefusedNamingItsPath() {
    assertEquals("at $.note" + REFUSAL, refusal(new Maybe("m", null)));
    assertTrue(refusal(new Counts(null, OptionalLong.of(1), OptionalDouble.of(1.5)))
        .startsWith("at $.count: has a null Optional in property 'count'"));
    assertTrue(refusal(new Counts(OptionalInt.of(1), null, OptionalDouble.of(1.5)))
        .startsWith("at $.total: has a null Optional in property 'total'"));
    assertTrue(refusal(new Counts(OptionalInt.of(1), OptionalLong.of(2), null))
        .startsWith("at $.mean: has a null Optional in property 'mean'"));
  }

  @Test
  void presentAndEmptyOptionalsAndNullsOfOtherPropertiesReadBackEqual() {
    List<Object> payloads = List.of(
        new Counts(OptionalInt.of(1), OptionalLong.of(2), OptionalDouble.of(1.5)),
        new Counts(OptionalInt.empty(), OptionalLong.empty(), OptionalDouble.empty()),
        new Maybe(null, Optional.of("n")), new Named(null, null, null));
    for (Object payload : payloads) {
      assertEquals(payload, codec.decode(codec.encode(payload), payload.getClass()));
    }
    assertEquals("{\"name\":null,\"count\":null,\"mean\":null}",
        new String(codec.encode(new Named(null, null, null)), StandardCharsets.UTF_8));
  }

  @Test
  void thePathNamesTheIndexOfEachListElementOnTheWay() {
    assertEquals("at $.items[0].note" + REFUSAL,
        refusal(new Basket(List.of(new Maybe("a", null)))));
    assertEquals("at $.items[2].note" + REFUSAL, refusal(new Basket(List.of(
        new Maybe("a", Optional.empty()), new Maybe("b", Optional.of("x")), new Maybe("c", null)))));
  }

  @Test
  void aPathOfUpTo200CharactersIsGivenWholeAndALongerOneIsCutWithDots() {
    String key = "k".repeat(193);
    assertEquals("at $." + key + ".note" + REFUSAL, refusal(Map.of(key, new Maybe("m", null))),
        "200 characters");
    String longer = "k".repeat(199);
    assertEquals("at $." + longer + "..." + REFUSAL,
        refusal(Map.of(longer, new Maybe("m", null))), "cut after the key that passes 200");
  }

  @Test
  void theReadLimitsAreTheMappersOwn() {
    ObjectMapper mapper = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
        StreamReadConstraints.builder().maxNumberLength(50).maxNameLength(60)
            .maxStringLength(70).maxNestingDepth(80).build()).build());
    assertEquals(new JsonLimits(50, 60, 70, 80), Jackson2Codec.json(mapper).readLimits());
    StreamReadConstraints jackson2 = StreamReadConstraints.defaults();
    assertEquals(new JsonLimits(jackson2.getMaxNumberLength(), jackson2.getMaxNameLength(),
        jackson2.getMaxStringLength(), jackson2.getMaxNestingDepth()),
        Jackson2Codec.json(new ObjectMapper()).readLimits(), "Jackson 2's defaults");
  }

  @Test
  void aMapperLimitingTheTokenCountIsRefusedAndOneWhoseLimitIsZeroIsNot() {
    ObjectMapper counted = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
        StreamReadConstraints.builder().maxTokenCount(1000).build()).build());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Jackson2Codec.json(counted));
    assertTrue(e.getMessage().contains("maxTokenCount"), e.getMessage());
    // Jackson reads a limit of 0 as none (StreamReadConstraints.hasMaxDocumentLength is false)
    StreamReadConstraints none = new StreamReadConstraints(1000, 0L, 1000, 20_000_000, 50_000,
        0L) {};
    ObjectMapper unlimited = new ObjectMapper(
        JsonFactory.builder().streamReadConstraints(none).build());
    assertEquals(20_000_000, Jackson2Codec.json(unlimited).readLimits().maxStringLength());
  }
}
