package dev.eventcore.jackson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.spi.CheckedCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Doubles and floats as the Jackson 2 codec writes them: Java's own text where it has no
 * exponent, plain notation with a fraction digit where Java's has one ({@code 1.0E7} as {@code
 * 10000000.0}, which jsonb keeps a double), the same text as the Jackson 3 codec; NaN, the
 * infinities and negative zero left for the store's check to refuse.
 */
class Jackson2PlainNotationTest {
  private final EventCodec codec = Jackson2Codec.json(new ObjectMapper());

  record Measure(double value) {}

  record Single(float value) {}

  record Boxed(Double value, Float single) {}

  record Series(double[] values) {}

  record Singles(float[] values) {}

  record Labelled(@JsonFormat(shape = JsonFormat.Shape.STRING) double value) {}

  /** Asserts that both JSON codecs write {@code payload} as {@code json}. */
  private void assertWritten(String json, Object payload) {
    assertEquals(json, new String(codec.encode(payload), StandardCharsets.UTF_8), "Jackson 2");
    assertEquals(json, new String(JacksonCodec.json().encode(payload), StandardCharsets.UTF_8),
        "Jackson 3");
  }

  @Test
  void aDoubleJavaWritesWithoutAnExponentIsWrittenAsJavaWritesIt() {
    assertWritten("{\"value\":1.5}", new Measure(1.5));
    assertWritten("{\"value\":-2.25}", new Measure(-2.25));
    assertWritten("{\"value\":0.001}", new Measure(1e-3));
    assertWritten("{\"value\":9999999.5}", new Measure(9999999.5));
    assertWritten("{\"value\":0.0}", new Measure(0.0));
    assertWritten("{\"value\":1.5,\"single\":2.5}", new Boxed(1.5, 2.5f));
  }

  @Test
  void aDoubleJavaWritesWithAnExponentIsWrittenInPlainNotationWithAFractionDigit() {
    assertWritten("{\"value\":10000000.0}", new Measure(1e7));
    assertWritten("{\"value\":-32500000.0}", new Measure(-3.25e7));
    assertWritten("{\"value\":0.00010}", new Measure(1e-4));
    assertWritten("{\"value\":0.0009999}", new Measure(9.999e-4));
    assertWritten("{\"value\":-0.00000000010}", new Measure(-1e-10));
    assertWritten("{\"value\":1000000000000000000000.0}", new Measure(1e21));
    assertWritten("{\"value\":10000000.0,\"single\":10000000.0}", new Boxed(1e7, 1e7f));
    assertWritten("{\"v\":10000000.0}", Map.of("v", 1e7));
    assertWritten("[0.00010,1.5]", List.of(1e-4, 1.5));
  }

  @Test
  void aFloatIsWrittenWithItsOwnDigitsNotThoseOfTheDoubleItWidensTo() {
    assertWritten("{\"value\":1.5}", new Single(1.5f));
    assertWritten("{\"value\":0.1}", new Single(0.1f));
    assertWritten("{\"value\":10000000.0}", new Single(1e7f));
    assertWritten("{\"value\":0.000011}", new Single(1.1e-5f));
  }

  @Test
  void theElementsOfDoubleAndFloatArraysAreWrittenAlike() {
    assertWritten("{\"values\":[1.5,10000000.0,0.00010,0.0,-0.5]}",
        new Series(new double[] {1.5, 1e7, 1e-4, 0.0, -0.5}));
    assertWritten("{\"values\":[1.5,10000000.0,0.000011,0.0,0.1]}",
        new Singles(new float[] {1.5f, 1e7f, 1.1e-5f, 0.0f, 0.1f}));
    assertWritten("{\"values\":[]}", new Singles(new float[0]));
    Series back = codec.decode(codec.encode(new Series(new double[] {1e7, 1e-4})), Series.class);
    assertEquals(List.of(1e7, 1e-4), List.of(back.values()[0], back.values()[1]));
  }

  @Test
  void aDoubleTheApplicationAsksForAsTextIsWrittenAsJacksonWritesIt() {
    assertWritten("{\"value\":\"1.0E7\"}", new Labelled(1e7));
    assertWritten("{\"value\":\"1.5\"}", new Labelled(1.5));
    assertEquals(new Labelled(1e7), codec.decode(codec.encode(new Labelled(1e7)), Labelled.class));
  }

  @Test
  void nanInfinitiesAndNegativeZeroAreLeftForTheStoreToRefuseWithThePath() {
    List<Object> nonFinite = List.of(new Measure(Double.NaN), new Measure(Double.NEGATIVE_INFINITY),
        new Single(Float.NaN), new Single(Float.POSITIVE_INFINITY),
        new Series(new double[] {1.5, Double.POSITIVE_INFINITY}),
        new Singles(new float[] {Float.NaN}));
    for (Object payload : nonFinite) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckedCodec.of(codec, 1000).encode(payload, () -> "payload"), payload::toString);
      assertTrue(e.getMessage().startsWith("payload has NaN or an infinity"), e.getMessage());
      assertTrue(e.getMessage().contains("$.value"), e.getMessage());
    }
    List<Object> negativeZero = List.of(new Measure(-0.0), new Single(-0.0f),
        new Series(new double[] {-0.0}), new Singles(new float[] {-0.0f}));
    for (Object payload : negativeZero) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckedCodec.of(codec, 1000).encode(payload, () -> "payload"), payload::toString);
      assertTrue(e.getMessage().startsWith("payload has negative zero"), e.getMessage());
    }
  }
}
