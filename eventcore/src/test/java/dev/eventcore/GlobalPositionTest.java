package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobalPositionTest {

  @Test
  void startIsZeroAndOfZeroIsStart() {
    assertEquals(0, GlobalPosition.START.value());
    assertSame(GlobalPosition.START, GlobalPosition.of(0));
  }

  @Test
  void rejectsNegativeValuesSayingWhatIsAllowed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GlobalPosition.of(-5));
    assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
    assertTrue(e.getMessage().contains("-5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GlobalPosition(Long.MIN_VALUE));
  }

  @Test
  void acceptsTheLargestLong() {
    assertEquals(Long.MAX_VALUE, GlobalPosition.of(Long.MAX_VALUE).value());
  }

  @Test
  void comparesAndTellsWhetherItIsAfterAnother() {
    GlobalPosition one = GlobalPosition.of(1);
    GlobalPosition two = GlobalPosition.of(2);
    assertTrue(two.isAfter(one));
    assertFalse(one.isAfter(two));
    assertFalse(one.isAfter(GlobalPosition.of(1)));
    assertTrue(one.compareTo(two) < 0);
    assertTrue(two.compareTo(one) > 0);
    assertEquals(0, one.compareTo(new GlobalPosition(1)));
    assertTrue(GlobalPosition.of(Long.MAX_VALUE).isAfter(GlobalPosition.START));
  }

  @Test
  void printsAsItsNumber() {
    assertEquals("99", GlobalPosition.of(99).toString());
  }
}
