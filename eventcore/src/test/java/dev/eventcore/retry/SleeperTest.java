package dev.eventcore.retry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {

  @Test
  void theSystemSleeperWaitsAtLeastTheDuration() throws InterruptedException {
    long start = System.nanoTime();
    Sleeper.system().sleep(Duration.ofMillis(40).plusNanos(500_000));
    long slept = System.nanoTime() - start;
    assertTrue(slept >= Duration.ofMillis(40).toNanos(), "slept only " + slept + " ns");
  }

  @Test
  void theSystemSleeperStopsWhenInterrupted() {
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedException.class, () -> Sleeper.system().sleep(Duration.ofHours(1)));
    } finally {
      Thread.interrupted();
    }
  }
}
