package dev.eventcore.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The read limits of a JSON codec: each at least one. */
class JsonLimitsTest {
  @Test
  void jsonLimitsAreAtLeastOne() {
    assertEquals(new JsonLimits(1, 1, 1, 1), new JsonLimits(1, 1, 1, 1));
    for (int bad = 0; bad < 4; bad++) {
      int[] limits = {1, 1, 1, 1};
      limits[bad] = 0;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new JsonLimits(limits[0], limits[1], limits[2], limits[3]));
      assertTrue(e.getMessage().startsWith("JSON limits must be >= 1 but were "), e.getMessage());
    }
  }
}
