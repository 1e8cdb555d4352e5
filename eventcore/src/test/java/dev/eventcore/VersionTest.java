package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void noneIsZeroAndOfZeroIsNone() {
    assertEquals(0, Version.NONE.value());
    assertSame(Version.NONE, Version.of(0));
    assertEquals(Version.NONE, new Version(0));
  }

  @Test
  void ofGivesEqualVersionsOnBothSidesOfTheSharedRange() {
    for (long value : new long[] {1, 2, 1_023, 1_024, 1_025, Long.MAX_VALUE}) {
      assertEquals(new Version(value), Version.of(value));
      assertEquals(value, Version.of(value).value());
    }
    assertSame(Version.of(7), Version.of(7));
  }

  @Test
  void rejectsNegativeValuesSayingWhatIsAllowed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Version.of(-1));
    assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Version(Long.MIN_VALUE));
  }

  @Test
  void nextIsOneMore() {
    assertEquals(Version.of(1), Version.NONE.next());
    assertEquals(Version.of(43), Version.of(42).next());
    assertEquals(Long.MAX_VALUE, Version.of(Long.MAX_VALUE - 1).next().value());
  }

  @Test
  void nextOfTheLargestVersionOverflowsWithArithmeticException() {
    assertThrows(ArithmeticException.class, () -> Version.of(Long.MAX_VALUE).next());
  }

  @Test
  void plusAddsACountAndRejectsNegativeCountsAndOverflow() {
    assertEquals(Version.of(5), Version.of(2).plus(3));
    assertEquals(Version.of(2), Version.of(2).plus(0));
    assertThrows(IllegalArgumentException.class, () -> Version.of(2).plus(-1));
    assertThrows(ArithmeticException.class, () -> Version.of(Long.MAX_VALUE - 1).plus(2));
  }

  @Test
  void comparesByValue() {
    assertTrue(Version.of(1).compareTo(Version.of(2)) < 0);
    assertTrue(Version.of(Long.MAX_VALUE).compareTo(Version.NONE) > 0);
    assertEquals(0, Version.of(7).compareTo(new Version(7)));
    List<Version> versions = new ArrayList<>(List.of(Version.of(3), Version.NONE, Version.of(2)));
    versions.sort(null);
    assertEquals(List.of(Version.NONE, Version.of(2), Version.of(3)), versions);
  }

  @Test
  void printsAsItsNumber() {
    assertEquals("12", Version.of(12).toString());
  }
}
