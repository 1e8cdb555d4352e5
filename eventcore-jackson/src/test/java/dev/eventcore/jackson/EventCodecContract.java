package dev.eventcore.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.eventcore.EventDecodingException;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.jackson.CodecPayloads.Line;
import dev.eventcore.jackson.CodecPayloads.Measured;
import dev.eventcore.jackson.CodecPayloads.Note;
import dev.eventcore.jackson.CodecPayloads.Placed;
import dev.eventcore.jackson.CodecPayloads.Shipped;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.spi.CheckedCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventCodec} must do, run through the {@link CheckedCodec} a store wraps it in:
 * a payload it accepts reads back equal, with the same class. The refusals of NaN, infinities,
 * negative zero and NUL apply to JSON codecs only ({@code jsonb} cannot keep them); a binary codec
 * must keep those values exactly. Any codec may refuse text that is not Unicode (an unpaired
 * surrogate). A subclass names the codec.
 */
public abstract class EventCodecContract {
  private static final long MAX_BYTES = 1 << 20;

  /** The codec under test. */
  protected abstract EventCodec codec();

  private CheckedCodec checked() {
    return CheckedCodec.of(codec(), MAX_BYTES);
  }

  private Object roundTrip(Object payload) {
    CheckedCodec codec = checked();
    byte[] bytes = codec.encode(payload, () -> "payload");
    return codec.decode(bytes, payload.getClass(), () -> "row");
  }

  private boolean json() {
    return codec().format() == EventCodec.Format.JSON;
  }

  @Test
  void itsNameAndFormatAreOnesAStoreAccepts() {
    EventCodec codec = codec();
    assertSame(codec, CheckedCodec.checkName(codec));
    assertTrue(codec().format() != EventCodec.Format.BINARY || !codec().name().equals("json"));
  }

  @Test
  void recordsWithNestedTypesListsAndMapsReadBackEqual() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("z", "last");
    tags.put("a", "first");
    List<Object> payloads = List.of(
        new Placed("o-1", List.of(new Line("sku-1", 2, new BigDecimal("9.99")),
            new Line("sku-2", 1, new BigDecimal("0.10"))), tags, Instant.parse(
                "2026-12-05T23:59:59.123456789Z")),
        new Placed("o-2", List.of(), Map.of(), Instant.EPOCH),
        new Shipped(Long.MAX_VALUE, new BigInteger("9".repeat(60)),
            new BigDecimal("-" + "9".repeat(300) + ".5"), "€ 中文 \ud83d\ude00 \u2028 \"q\" \\"),
        new Shipped(Long.MIN_VALUE, BigInteger.ZERO, new BigDecimal("1.00"), ""),
        new Measured(1e300, new double[] {0.0, 1.5, 1e7, 1e-10, -3.25e7, Double.MIN_VALUE}),
        new Measured(-Double.MAX_VALUE, new double[0]),
        new Note("tab\t line\n bell\u0007 max\uffff pair\udbff\udfff"));
    for (Object payload : payloads) {
      assertEquals(payload, roundTrip(payload), () -> "codec " + codec().name());
    }
  }

  @Test
  void aPayloadReadsBackAsTheClassAsked() {
    Object back = roundTrip(new Note("x"));
    assertEquals(Note.class, back.getClass());
  }

  @Test
  void valuesJsonbCannotKeepAreRefusedByJsonCodecsAndKeptByBinaryOnes() {
    List<Object> values = List.of(new Measured(Double.NaN, new double[0]),
        new Measured(Double.POSITIVE_INFINITY, new double[0]),
        new Measured(1, new double[] {Double.NEGATIVE_INFINITY}),
        new Measured(-0.0, new double[0]), new Note("a\u0000b"));
    for (Object payload : values) {
      if (json()) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> checked().encode(payload, () -> "payload of event 0"), payload::toString);
        assertTrue(e.getMessage().startsWith("payload of event 0 "), e.getMessage());
      } else {
        assertEquals(payload, roundTrip(payload), payload::toString);
      }
    }
  }

  @Test
  void aPayloadOverTheSizeLimitIsRefusedByEveryCodec() {
    CheckedCodec small = CheckedCodec.of(codec(), 100);
    PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
        () -> small.encode(new Note("a".repeat(200)), () -> "payload of event 0"));
    assertTrue(e.size() > 200, e.getMessage());
  }

  @Test
  void bytesThatDoNotReadAsTheClassAreAnEventDecodingExceptionNamingTheEvent() {
    byte[] bytes = checked().encode(new Note("x"), () -> "payload");
    EventDecodingException e = assertThrows(EventDecodingException.class,
        () -> checked().decode(bytes, Long.class, () -> "order-1@3"));
    assertTrue(e.getMessage().contains("order-1@3"), e.getMessage());
    assertTrue(e.getMessage().contains(codec().name()), e.getMessage());
    assertThrows(EventDecodingException.class,
        () -> checked().decode(new byte[] {(byte) 0xff, 0x00, 0x7b}, Note.class, () -> "row"));
  }

  @Test
  void anyTextAndNumberThatIsAcceptedReadsBackEqual() {
    qt().withFixedSeed(20_261_205L).withExamples(300)
        .forAll(strings().allPossible().ofLengthBetween(0, 16), doubles().any(), longs().all())
        .checkAssert((text, number, count) -> {
          Object payload = new Shipped(count, BigInteger.valueOf(count),
              BigDecimal.valueOf(count, 3), text);
          Object measured = new Measured(number, new double[] {number});
          for (Object each : List.of(payload, measured, new Note(text))) {
            Object back;
            try {
              back = roundTrip(each);
            } catch (IllegalArgumentException refused) {
              assertTrue(json() || unpairedSurrogate(text),
                  () -> "a binary codec refused " + each + ": " + refused);
              continue;
            }
            assertEquals(each, back);
          }
        });
  }

  /** Whether {@code text} has a surrogate that is not part of a pair (not Unicode text). */
  private static boolean unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
