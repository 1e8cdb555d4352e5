package dev.eventcore.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The checker with checks of its own: never throws, bounded by the timeout, bad inputs. */
class HealthChecksTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  private static HealthChecks.Builder builder(Duration timeout) {
    return HealthChecks.builder().clock(CLOCK)
        .thresholds(HealthThresholds.defaults().withTimeout(timeout));
  }

  @Test
  void theRootIsAsBadAsTheWorstCheckInRegistrationOrder() {
    HealthChecks health = builder(Duration.ofSeconds(5))
        .check("a", now -> Health.up("a", now))
        .check("b", now -> Health.degraded("b", now, "slow"))
        .build();
    Health report = health.check();
    assertEquals("eventcore", report.component());
    assertEquals(HealthStatus.DEGRADED, report.status());
    assertEquals(T0, report.checkedAt());
    assertEquals(List.of("a", "b"), health.components());
    assertEquals(List.of("a", "b"), report.components().stream().map(Health::component).toList());
    assertEquals(Duration.ofSeconds(5), health.thresholds().timeout());
  }

  @Test
  void aThrowingOrNullOrMisnamedCheckIsReportedNotThrown() {
    Health report = builder(Duration.ofSeconds(5))
        .check("boom", now -> {
          throw new IllegalStateException("disk full", new java.io.IOException("no space"));
        })
        .check("null", now -> null)
        .check("named", now -> Health.up("other", now))
        .build().check();
    Health boom = report.child("boom").orElseThrow();
    assertEquals(HealthStatus.DOWN, boom.status());
    assertEquals("java.lang.IllegalStateException: disk full; caused by java.io.IOException:"
        + " no space", boom.reason().orElseThrow());
    assertEquals("the check returned null", report.child("null").orElseThrow().reason().get());
    assertEquals(HealthStatus.UP, report.child("named").orElseThrow().status());
    assertEquals(HealthStatus.DOWN, report.status());
  }

  @Test
  void aHangingCheckIsDownWithinTheTimeoutAndIsNotStartedAgainWhileItHangs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    HealthChecks health = builder(Duration.ofMillis(300))
        .check("hangs", now -> {
          started.incrementAndGet();
          release.await();
          return Health.up("hangs", now);
        })
        .check("fine", now -> Health.up("fine", now))
        .build();
    try {
      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        Health report = health.check();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 250 && millis < 2_000, "took " + millis + " ms");
        Health hangs = report.child("hangs").orElseThrow();
        assertEquals(HealthStatus.DOWN, hangs.status());
        assertTrue(hangs.reason().orElseThrow().startsWith("no answer within 300 ms"),
            hangs.reason().get());
        assertEquals(HealthStatus.UP, report.child("fine").orElseThrow().status());
      }
      assertEquals(1, started.get(), "a hanging check is waited for again, not started again");
    } finally {
      release.countDown();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Health report;
    do {
      report = health.check();
    } while (report.status() != HealthStatus.UP && System.nanoTime() < deadline);
    assertEquals(HealthStatus.UP, report.status());
  }

  @Test
  void checksRunInParallelSoTheBoundHoldsForManySlowChecks() {
    HealthChecks.Builder builder = builder(Duration.ofSeconds(3));
    for (int i = 0; i < 5; i++) {
      String name = "slow-" + i;
      builder.check(name, now -> {
        Thread.sleep(400);
        return Health.up(name, now);
      });
    }
    HealthChecks health = builder.build();
    long start = System.nanoTime();
    Health report = health.check();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(HealthStatus.UP, report.status());
    assertTrue(millis < 1_600, "five 400 ms checks took " + millis + " ms: not in parallel");
  }

  @Test
  void badInputsAreRefused() {
    assertThrows(NullPointerException.class, () -> HealthChecks.builder().store(null));
    assertThrows(NullPointerException.class, () -> HealthChecks.builder().projections(null));
    assertThrows(NullPointerException.class, () -> HealthChecks.builder().sagas(null));
    assertThrows(NullPointerException.class, () -> HealthChecks.builder().thresholds(null));
    assertThrows(NullPointerException.class, () -> HealthChecks.builder().clock(null));
    assertThrows(NullPointerException.class,
        () -> HealthChecks.builder().deadLetters(null, List.of("p")));
    assertThrows(NullPointerException.class, () -> HealthChecks.builder().check("a", null));
    assertThrows(NullPointerException.class,
        () -> HealthChecks.builder().check(null, now -> Health.up("a", now)));
    assertThrows(IllegalArgumentException.class,
        () -> HealthChecks.builder().check(" ", now -> Health.up("a", now)));
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> HealthChecks.builder().check("horizon", now -> Health.up("horizon", now)));
    assertTrue(reserved.getMessage().contains("is taken"), reserved.getMessage());
    HealthChecks.Builder twice = HealthChecks.builder().check("a", now -> Health.up("a", now));
    assertThrows(IllegalArgumentException.class,
        () -> twice.check("a", now -> Health.up("a", now)));
    IllegalStateException empty =
        assertThrows(IllegalStateException.class, () -> HealthChecks.builder().build());
    assertTrue(empty.getMessage().startsWith("nothing to check"), empty.getMessage());
    assertThrows(NullPointerException.class,
        () -> new StoreHealth.Check("store", null));
    assertThrows(IllegalArgumentException.class,
        () -> new StoreHealth.Check("", now -> Health.up("store", now)));
  }
}
