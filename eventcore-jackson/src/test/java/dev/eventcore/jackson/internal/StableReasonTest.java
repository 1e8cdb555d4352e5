package dev.eventcore.jackson.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A stored event that trips a read limit gives the same reason on every read, although Jackson
 * reports how far it had read, which depends on its recycled buffers.
 */
class StableReasonTest {
  record Numbered(java.math.BigDecimal n) {}

  @Test
  void theLengthJacksonHadReadIsLeftOutOfTheMessage() {
    assertEquals("Number value length exceeds the maximum allowed (1000)",
        MapperCodec.stable("Number value length (1251) exceeds the maximum allowed (1000)"));
    assertEquals("String value length exceeds the maximum allowed (20000000)",
        MapperCodec.stable("String value length (20000001) exceeds the maximum allowed (20000000)"));
    assertEquals("Unexpected character ('x' (code 120))",
        MapperCodec.stable("Unexpected character ('x' (code 120))"), "other messages unchanged");
  }

  @Test
  void readingTheSameOversizedNumberGivesOneReason() {
    EventCodec codec = JacksonCodec.json();
    byte[] data = ("{\"n\":" + "9".repeat(1500) + "}").getBytes(StandardCharsets.UTF_8);
    Set<String> reasons = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      reasons.add(assertThrows(IllegalArgumentException.class,
          () -> codec.decode(data, Numbered.class)).getMessage());
    }
    assertEquals(1, reasons.size(), reasons.toString());
    assertTrue(reasons.iterator().next().startsWith("Number value length exceeds"),
        reasons.toString());
  }
}
