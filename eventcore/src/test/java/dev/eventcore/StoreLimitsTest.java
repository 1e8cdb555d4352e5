package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoreLimitsTest {

  @Test
  void defaultsAreOneMebibytePerEventAndAHundredThousandEventsPerAppend() {
    StoreLimits defaults = StoreLimits.defaults();
    assertEquals(1_048_576L, defaults.maxEventBytes());
    assertEquals(100_000, defaults.maxEventsPerAppend());
  }

  @Test
  void withersChangeOneLimitAndKeepTheOther() {
    StoreLimits limits = StoreLimits.defaults().withMaxEventBytes(10).withMaxEventsPerAppend(3);
    assertEquals(new StoreLimits(10, 3), limits);
    assertEquals(100_000, StoreLimits.defaults().withMaxEventBytes(10).maxEventsPerAppend());
  }

  @Test
  void rejectsLimitsBelowOneSayingWhatIsAllowed() {
    IllegalArgumentException bytes =
        assertThrows(IllegalArgumentException.class, () -> new StoreLimits(0, 1));
    assertTrue(bytes.getMessage().contains("maxEventBytes must be >= 1"), bytes.getMessage());
    IllegalArgumentException events =
        assertThrows(IllegalArgumentException.class, () -> StoreLimits.defaults().withMaxEventsPerAppend(-1));
    assertTrue(events.getMessage().contains("maxEventsPerAppend must be >= 1"), events.getMessage());
    assertEquals(new StoreLimits(1, 1), new StoreLimits(1, 1));
  }

  @Test
  void theDefaultAppendByteLimitIs256MebibytesAndNeverBelowTheEventLimit() {
    assertEquals(256L << 20, StoreLimits.defaults().maxAppendBytes());
    assertEquals(1L << 30, new StoreLimits(1L << 30, 5).maxAppendBytes());
    assertEquals(1L << 30, StoreLimits.defaults().withMaxEventBytes(1L << 30).maxAppendBytes());
    assertEquals(4096, StoreLimits.defaults().withMaxEventBytes(10).withMaxAppendBytes(4096)
        .maxAppendBytes());
  }

  @Test
  void rejectsAnAppendByteLimitBelowTheEventLimitSayingWhy() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StoreLimits.defaults().withMaxAppendBytes(1000));
    assertTrue(e.getMessage().contains("maxAppendBytes must be >= maxEventBytes (1048576"),
        e.getMessage());
    assertTrue(e.getMessage().contains("but was 1000"), e.getMessage());
  }
}
