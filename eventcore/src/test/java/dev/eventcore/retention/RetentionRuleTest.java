package dev.eventcore.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetentionRuleTest {

  @Test
  void aCategoryStartingWithADashIsRefusedLikeOneHoldingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RetentionRule.maxCount("-metric", 5));
    assertEquals("category must be a non-empty stream category without '-' but was '-metric'",
        e.getMessage());
  }

  @Test
  void theSmallestLimitsAreAllowed() {
    RetentionRule one = RetentionRule.maxCount("metric", 1);
    assertEquals(OptionalLong.of(1), one.maxCount());
    RetentionRule tick = RetentionRule.maxAge("metric", Duration.ofNanos(1));
    assertEquals(Optional.of(Duration.ofNanos(1)), tick.maxAge());
    assertThrows(IllegalArgumentException.class,
        () -> RetentionRule.maxAge("metric", Duration.ofNanos(-1)));
  }

  @Test
  void aRunOfNothingDoneIsAllZeros() {
    RetentionRun nothing = new RetentionRun(0, 0, 0, 0, 0);
    assertEquals(0, nothing.streamsExamined() + nothing.streamsTruncated()
        + nothing.eventsRemoved() + nothing.streamsArchived() + nothing.eventsArchived());
  }

  @Test
  void everyNegativeCountIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RetentionRun(-1, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RetentionRun(0, -1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RetentionRun(0, 0, -1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RetentionRun(0, 0, 0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new RetentionRun(0, 0, 0, 0, -1));
  }
}
