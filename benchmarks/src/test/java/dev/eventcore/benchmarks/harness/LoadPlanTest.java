package dev.eventcore.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadPlanTest {

  @Test
  void aPlanIsClosedLoopUntilGivenARate() {
    LoadPlan plan = LoadPlan.closedLoop(4, Duration.ZERO, Duration.ofSeconds(1));
    assertFalse(plan.fixedRate());
    assertTrue(plan.atRate(500).fixedRate());
    assertEquals(16, plan.withThreads(16).threads());
  }

  @Test
  void invalidPlansAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> LoadPlan.closedLoop(0, Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> LoadPlan.closedLoop(1, Duration.ZERO, Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> LoadPlan.closedLoop(1, Duration.ZERO, Duration.ofSeconds(1)).atRate(-1));
  }

  @Test
  void profilesAreNamedQuickOrFull() {
    assertEquals(0, Profile.named("quick").growthEvents());
    assertEquals(10_000_000, Profile.named("full").growthEvents());
    assertThrows(IllegalArgumentException.class, () -> Profile.named("medium"));
  }
}
