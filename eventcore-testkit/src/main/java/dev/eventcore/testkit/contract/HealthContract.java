package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.health.Health;
import dev.eventcore.health.HealthChecks;
import dev.eventcore.health.HealthStatus;
import dev.eventcore.health.HealthThresholds;
import dev.eventcore.health.StoreHealth;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The store's health as {@link HealthChecks} reports it: UP while open, DOWN once closed, within
 * the timeout; a store implementing {@link StoreHealth} names its first check {@code "store"}.
 *
 * @since 0.1.0
 */
public abstract class HealthContract extends StoreContract {
  private static final HealthThresholds THRESHOLDS =
      HealthThresholds.defaults().withTimeout(Duration.ofSeconds(5));

  private static HealthChecks checksOf(EventStore store) {
    return HealthChecks.builder().store(store).thresholds(THRESHOLDS).build();
  }

  @Test
  void anOpenStoreIsUpAndAClosedOneDown() {
    EventStore store = openStore();
    HealthChecks health = checksOf(store);
    Health open = health.check();
    assertEquals(HealthStatus.UP, open.child("store").orElseThrow().status(), open::toText);
    store.append(StreamId.of("health", "1"), ExpectedVersion.noStream(), List.of(noted("x")));
    assertEquals(HealthStatus.UP, health.check().child("store").orElseThrow().status());

    store.close();
    Health closed = health.check();
    Health part = closed.child("store").orElseThrow();
    assertEquals(HealthStatus.DOWN, part.status(), closed::toText);
    assertTrue(part.reason().orElseThrow().contains("closed"), closed::toText);
    assertEquals(HealthStatus.DOWN, closed.status());
  }

  @Test
  void theStoresOwnChecksStartWithStoreAndHaveDistinctNames() {
    EventStore store = openStore();
    if (!(store instanceof StoreHealth own)) {
      return; // checked through the generic probe, covered above
    }
    List<StoreHealth.Check> checks = own.healthChecks(THRESHOLDS);
    assertFalse(checks.isEmpty(), "healthChecks returned none");
    assertEquals("store", checks.get(0).component());
    Set<String> names = new HashSet<>();
    for (StoreHealth.Check check : checks) {
      assertTrue(names.add(check.component()), "two checks named " + check.component());
    }
    assertEquals(names.size(), checksOf(store).components().size());
  }

  @Test
  void aCheckAnswersWithinTheTimeout() {
    EventStore store = openStore();
    HealthChecks health = checksOf(store);
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      Health report = health.check();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(HealthStatus.UP, report.child("store").orElseThrow().status(), report::toText);
      assertTrue(millis < THRESHOLDS.timeout().toMillis() + 1_000, "took " + millis + " ms");
    }
  }
}
