package dev.eventcore.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.spi.CheckedCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Doubles, floats and their arrays written with type information (a {@code @JsonTypeInfo}
 * property, default typing): the type id where Jackson writes one (none for a finite double, a
 * JSON number's natural type), the number in plain notation, and read back equal. Jackson 3
 * reads a type id under {@code Object} only with a validator that allows it.
 */
class JacksonTypedFloatsTest {
  private static final PolymorphicTypeValidator NUMBERS = BasicPolymorphicTypeValidator.builder()
      .allowIfSubType(Number.class).allowIfSubTypeIsArray().build();
  private final JsonMapper plain =
      JsonMapper.builder().polymorphicTypeValidator(NUMBERS).build();
  private final EventCodec codec = JacksonCodec.json(plain);

  /** A payload with one value, for comparing what reads back. */
  interface Holder {
    Object value();
  }

  record Typed(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object value) implements Holder {}

  record Amount(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Number value) implements Holder {}

  record Wrapped(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS,
      include = JsonTypeInfo.As.WRAPPER_OBJECT) Object value) implements Holder {}

  record Untyped(Object value) implements Holder {}

  /** Asserts that {@code codec} writes {@code payload} as {@code json} and reads it back equal. */
  private void assertRoundTrip(EventCodec codec, String json, Holder payload) {
    CheckedCodec checked = CheckedCodec.of(codec, 1000);
    byte[] bytes = checked.encode(payload, () -> "payload");
    assertEquals(json, new String(bytes, StandardCharsets.UTF_8));
    Holder back = (Holder) checked.decode(bytes, payload.getClass(), () -> "row");
    assertEquals(payload.value().getClass(), back.value().getClass(), json);
    assertTrue(Objects.deepEquals(payload.value(), back.value()), json);
  }

  private void assertRoundTrip(String json, Holder payload) {
    assertRoundTrip(codec, json, payload);
  }

  @Test
  void aTypedDoubleIsWrittenAsJacksonWritesItWithoutATypeIdInPlainNotation() {
    assertRoundTrip("{\"value\":1.5}", new Typed(1.5));
    assertRoundTrip("{\"value\":0.00000010}", new Typed(1e-7));
    assertRoundTrip("{\"value\":-10000000.0}", new Typed(-1e7));
  }

  @Test
  void aTypedFloatIsWrittenWithItsTypeIdInPlainNotation() {
    assertRoundTrip("{\"value\":[\"java.lang.Float\",1.5]}", new Typed(1.5f));
    assertRoundTrip("{\"value\":[\"java.lang.Float\",0.00000010]}", new Typed(1e-7f));
    assertRoundTrip("{\"value\":[\"java.lang.Float\",10000000.0]}", new Typed(1e7f));
  }

  @Test
  void typedDoubleAndFloatArraysAreWrittenWithTheirTypeIdsInPlainNotation() {
    assertRoundTrip("{\"value\":[\"[D\",[1.5,0.00000010]]}", new Typed(new double[] {1.5, 1e-7}));
    assertRoundTrip("{\"value\":[\"[F\",[1.5,10000000.0,0.000011]]}",
        new Typed(new float[] {1.5f, 1e7f, 1.1e-5f}));
    assertRoundTrip("{\"value\":[\"[D\",[]]}", new Typed(new double[0]));
  }

  @Test
  void aNumberPropertyWithTypeInfoIsWrittenAlike() {
    assertRoundTrip("{\"value\":0.00000010}", new Amount(1e-7));
    assertRoundTrip("{\"value\":[\"java.lang.Float\",0.000011]}", new Amount(1.1e-5f));
  }

  @Test
  void aTypeIdAsAWrapperObjectIsWrittenAlike() {
    assertRoundTrip("{\"value\":{\"java.lang.Float\":0.000011}}", new Wrapped(1.1e-5f));
    assertRoundTrip("{\"value\":{\"[D\":[10000000.0]}}", new Wrapped(new double[] {1e7}));
  }

  @Test
  void aMapperWithDefaultTypingWritesAlike() {
    EventCodec codec = JacksonCodec.json(JsonMapper.builder()
        .activateDefaultTyping(NUMBERS, DefaultTyping.JAVA_LANG_OBJECT).build());
    assertRoundTrip(codec, "{\"value\":10000000.0}", new Untyped(1e7));
    assertRoundTrip(codec, "{\"value\":[\"java.lang.Float\",0.000011]}", new Untyped(1.1e-5f));
    assertRoundTrip(codec, "{\"value\":[\"[D\",[0.00010,1.5]]}",
        new Untyped(new double[] {1e-4, 1.5}));
    assertRoundTrip(codec, "{\"value\":[\"[F\",[0.00010]]}", new Untyped(new float[] {1e-4f}));
  }

  @Test
  void whereJavaWritesNoExponentTheTextIsJacksonsOwn() {
    List<Holder> payloads = List.of(new Typed(1.5), new Typed(1.5f),
        new Typed(new double[] {1.5, -0.25}), new Typed(new float[] {1.5f}), new Amount(2.5f),
        new Wrapped(0.5f), new Wrapped(new float[] {0.5f}));
    for (Holder payload : payloads) {
      assertEquals(plain.writeValueAsString(payload),
          new String(codec.encode(payload), StandardCharsets.UTF_8));
    }
  }

  @Test
  void nanInfinitiesAndNegativeZeroWithTypeInfoAreStillRefused() {
    List<Holder> nonFinite = List.of(new Typed(Double.NaN), new Typed(Float.POSITIVE_INFINITY),
        new Typed(new double[] {1.5, Double.NEGATIVE_INFINITY}), new Typed(new float[] {Float.NaN}),
        new Amount(Double.NaN), new Wrapped(Float.NEGATIVE_INFINITY));
    for (Holder payload : nonFinite) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckedCodec.of(codec, 1000).encode(payload, () -> "payload"), payload::toString);
      assertTrue(e.getMessage().startsWith("payload has NaN or an infinity"), e.getMessage());
      assertTrue(e.getMessage().contains("$.value"), e.getMessage());
    }
    for (Holder payload : List.of(new Typed(-0.0), new Typed(new float[] {-0.0f}))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckedCodec.of(codec, 1000).encode(payload, () -> "payload"), payload::toString);
      assertTrue(e.getMessage().startsWith("payload has negative zero"), e.getMessage());
    }
  }
}
