package dev.eventcore.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The report values: statuses, the tree's invariant, details, thresholds, and bad inputs. */
class HealthTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void theWorseStatusWinsAndAGroupIsAsBadAsItsWorstPart() {
    assertEquals(HealthStatus.DEGRADED, HealthStatus.UP.worse(HealthStatus.DEGRADED));
    assertEquals(HealthStatus.DOWN, HealthStatus.DOWN.worse(HealthStatus.UP));
    assertEquals(HealthStatus.UP, HealthStatus.UP.worse(HealthStatus.UP));
    assertEquals(HealthStatus.UP, Health.group("all", T0, List.of()).status());
    Health group = Health.group("all", T0, List.of(Health.up("a", T0),
        Health.degraded("b", T0, "slow"), Health.up("c", T0)));
    assertEquals(HealthStatus.DEGRADED, group.status());
    assertEquals(HealthStatus.DOWN, Health.group("root", T0,
        List.of(group, Health.down("d", T0, "gone"))).status());
  }

  @Test
  void aComponentCannotBeBetterThanItsParts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Health(
        "all", HealthStatus.UP, Map.of(), T0, List.of(Health.down("db", T0, "gone"))));
    assertTrue(e.getMessage().contains("all is UP but a part of it is DOWN"), e.getMessage());
    // worse than its parts is fine: the component itself may be the problem
    assertEquals(HealthStatus.DOWN, new Health("all", HealthStatus.DOWN, Map.of(), T0,
        List.of(Health.up("db", T0))).status());
  }

  @Test
  void detailsKeepTheirOrderAndTypesAndTheReasonComesFirst() {
    Health health = Health.degraded("p", T0, "behind").withDetail("lagEvents", 12)
        .withDetail("rate", 2.5).withDetail("stalled", true).withDetail("state", "RUNNING");
    assertEquals(List.of("reason", "lagEvents", "rate", "stalled", "state"),
        List.copyOf(health.details().keySet()));
    assertEquals(Optional.of("behind"), health.reason());
    assertEquals(Optional.of(12L), health.detail("lagEvents"));
    assertEquals(Optional.empty(), health.detail("missing"));
    assertEquals(Optional.empty(), Health.up("p", T0).reason());
    assertEquals(Optional.of(13L), health.withDetail("lagEvents", 13).detail("lagEvents"));
    Map<String, Object> integers = new HashMap<>();
    integers.put("n", 7);
    assertEquals(7L, new Health("x", HealthStatus.UP, integers, T0, List.of()).details().get("n"));
    assertThrows(UnsupportedOperationException.class, () -> health.details().put("x", "y"));
  }

  @Test
  void childAndNamedFindAndRenameParts() {
    Health root = Health.group("root", T0, List.of(Health.up("store", T0)));
    assertEquals(HealthStatus.UP, root.child("store").orElseThrow().status());
    assertEquals(Optional.empty(), root.child("horizon"));
    assertEquals("db", Health.down("store", T0, "x").named("db").component());
  }

  @Test
  void badInputsAreRefusedNamingTheArgument() {
    assertEquals("component", assertThrows(NullPointerException.class,
        () -> Health.up(null, T0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Health.up(" ", T0));
    assertEquals("checkedAt", assertThrows(NullPointerException.class,
        () -> Health.up("a", null)).getMessage());
    assertEquals("reason", assertThrows(NullPointerException.class,
        () -> Health.down("a", T0, null)).getMessage());
    assertThrows(NullPointerException.class, () -> Health.group("a", T0, null));
    assertThrows(NullPointerException.class, () -> HealthStatus.UP.worse(null));
    Health up = Health.up("a", T0);
    assertThrows(NullPointerException.class, () -> up.withDetail("k", (String) null));
    assertThrows(IllegalArgumentException.class, () -> up.withDetail("", 1));
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> up.withDetail("rate", Double.NaN));
    assertTrue(nan.getMessage().contains("must be finite"), nan.getMessage());
    Map<String, Object> odd = Map.of("when", T0);
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> new Health("a", HealthStatus.UP, odd, T0, List.of()));
    assertTrue(type.getMessage().contains("allowed: String, Boolean, Long"), type.getMessage());
    assertThrows(NullPointerException.class, () -> up.detail(null));
    assertThrows(NullPointerException.class, () -> up.child(null));
  }

  @Test
  void thresholdsHaveDefaultsAndWithersAndRefuseBadValues() {
    HealthThresholds defaults = HealthThresholds.defaults();
    assertEquals(Duration.ofSeconds(2), defaults.timeout());
    assertEquals(1_000, defaults.projectionLagEvents());
    assertEquals(0, defaults.deadLetters());
    HealthThresholds changed = defaults.withTimeout(Duration.ofMillis(500))
        .withProjectionLag(5, Duration.ofSeconds(1))
        .withHorizonStall(Duration.ZERO, Duration.ofSeconds(3))
        .withTimeoutGrace(Duration.ofSeconds(4)).withDeadLetters(9);
    assertEquals(new HealthThresholds(Duration.ofMillis(500), 5, Duration.ofSeconds(1),
        Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(4), 9), changed);

    assertEquals(Duration.ofMillis(1), defaults.withTimeout(Duration.ofMillis(1)).timeout());
    assertEquals(Duration.ofMinutes(10), defaults.withTimeout(Duration.ofMinutes(10)).timeout());
    assertThrows(IllegalArgumentException.class,
        () -> defaults.withTimeout(Duration.ofMinutes(10).plusMillis(1)));
    assertEquals(Duration.ofSeconds(3), defaults.withHorizonStall(Duration.ofSeconds(3),
        Duration.ofSeconds(3)).horizonDownAfter(), "down after as long as degraded after");
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> defaults.withHorizonStall(Duration.ZERO, Duration.ofSeconds(-1)));
    assertEquals("horizonDownAfter must not be negative but was PT-1S", negative.getMessage());
    assertThrows(NullPointerException.class, () -> defaults.withTimeout(null));
    assertThrows(IllegalArgumentException.class, () -> defaults.withTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> defaults.withTimeout(Duration.ofHours(1)));
    IllegalArgumentException lag = assertThrows(IllegalArgumentException.class,
        () -> defaults.withProjectionLag(-1, Duration.ZERO));
    assertEquals("projectionLagEvents must be >= 0 but was -1", lag.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> defaults.withProjectionLag(0, Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> defaults.withProjectionLag(0, null));
    assertThrows(IllegalArgumentException.class,
        () -> defaults.withHorizonStall(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> defaults.withHorizonStall(Duration.ofSeconds(10), Duration.ofSeconds(5)));
    assertTrue(order.getMessage().contains("must not be shorter than horizonDegradedAfter"),
        order.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> defaults.withTimeoutGrace(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> defaults.withDeadLetters(-1));
  }
}
