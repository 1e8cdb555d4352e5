package dev.eventcore.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void theMedianOfAnOddCountIsTheMiddleValue() {
    assertEquals(3.0, Stats.median(List.of(5.0, 1.0, 3.0)));
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
  }

  @Test
  void nanValuesAreIgnoredAndNoValuesGiveNan() {
    assertEquals(2.0, Stats.median(List.of(Double.NaN, 2.0)));
    assertTrue(Double.isNaN(Stats.median(List.of())));
    assertTrue(Double.isNaN(Stats.spread(List.of())));
  }

  @Test
  void theSpreadIsTheRangeOverTheMedian() {
    assertEquals(0.2, Stats.spread(List.of(90.0, 100.0, 110.0)), 1e-12);
    assertEquals(0.0, Stats.spread(List.of(7.0)));
  }

  @Test
  void aSpreadAboveTenPercentIsNoisy() {
    assertTrue(Stats.isNoisy(0.11));
    assertFalse(Stats.isNoisy(0.10));
    assertFalse(Stats.isNoisy(Double.NaN));
  }

  @Test
  void checksPassOnTheRightSideOfTheirThresholdAndNeverOnNan() {
    assertTrue(Check.atLeast("t", 0.95, 0.95).passed());
    assertFalse(Check.atLeast("t", 0.94, 0.95).passed());
    assertTrue(Check.atMost("t", 4.0, 4.0).passed());
    assertFalse(Check.atMost("t", 4.1, 4.0).passed());
    assertFalse(Check.atLeast("t", Double.NaN, 1).passed());
    assertEquals("MISS", Check.atLeast("t", 0, 1).verdict());
  }
}
