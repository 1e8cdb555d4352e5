package dev.eventcore.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffDoublesFromTheInitialDelayUpToTheCapWithoutJitter() {
    RetryPolicy policy =
        RetryPolicy.defaults()
            .withMaxAttempts(8)
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100), 2.0)
            .withJitter(0.0);
    List<Long> delays = new ArrayList<>();
    for (int retry = 1; retry < 8; retry++) {
      delays.add(policy.backoff(retry, 0.5).toMillis());
    }
    assertEquals(List.of(10L, 20L, 40L, 80L, 100L, 100L, 100L), delays);
  }

  @Test
  void jitterTakesARandomShareOffTheDelay() {
    RetryPolicy policy =
        RetryPolicy.defaults()
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0)
            .withJitter(0.5);
    assertEquals(Duration.ofMillis(100), policy.backoff(1, 0.0));
    assertEquals(Duration.ofMillis(75), policy.backoff(1, 0.5));
    assertEquals(Duration.ofMillis(150), policy.backoff(2, 0.5));
  }

  @Test
  void jitteredDelaysStayBetweenTheReducedAndTheFullDelay() {
    qt().withFixedSeed(20240601L)
        .withExamples(2_000)
        .forAll(integers().between(1, 19), doubles().between(0.0, 0.999_999), doubles().between(0.0, 1.0))
        .checkAssert(
            (retry, random, jitter) -> {
              RetryPolicy policy =
                  RetryPolicy.defaults()
                      .withMaxAttempts(20)
                      .withBackoff(Duration.ofMillis(3), Duration.ofSeconds(2), 1.7)
                      .withJitter(jitter);
              double full = Math.min(3_000_000 * Math.pow(1.7, retry - 1), 2_000_000_000.0);
              long nanos = policy.backoff(retry, random).toNanos();
              assertTrue(nanos <= full + 1, () -> nanos + " > " + full);
              assertTrue(nanos >= full * (1 - jitter) - 1, () -> nanos + " < reduced " + full);
            });
  }

  @Test
  void aMaxBackoffEqualToTheInitialOneIsAConstantDelay() {
    RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(30), Duration.ofMillis(30), 2.0, 0.0);
    assertEquals(Duration.ofMillis(30), policy.backoff(1, 0.5));
    assertEquals(Duration.ofMillis(30), policy.backoff(2, 0.5));
    assertEquals(Duration.ofMillis(30), policy.backoff(3, 0.5));
  }

  @Test
  void aMultiplierOfOneIsAConstantDelayBelowTheCap() {
    RetryPolicy policy = RetryPolicy.defaults()
        .withMaxAttempts(20)
        .withBackoff(Duration.ofMillis(7), Duration.ofSeconds(1), 1.0)
        .withJitter(0.0);
    for (int retry = 1; retry < 20; retry++) {
      assertEquals(Duration.ofMillis(7), policy.backoff(retry, 0.9), "retry " + retry);
    }
  }

  @Test
  void theBoundsOfEveryParameterAreAllowed() {
    RetryPolicy zero = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);
    assertEquals(1, zero.maxAttempts());
    RetryPolicy full = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(100), 1.0, 1.0);
    assertEquals(Duration.ofMillis(100), full.backoff(1, 0.0), "no share taken off");
    assertEquals(Duration.ofMillis(50), full.backoff(1, 0.5));
    assertTrue(full.backoff(1, 0.999_999).toNanos() <= 100, "full jitter takes almost all");
    assertEquals(Duration.ZERO, new RetryPolicy(3, Duration.ZERO, Duration.ofMillis(5), 3.0, 0.5)
        .backoff(2, 0.3), "no initial delay, none after it");
  }

  @Test
  void theLastRetryIsOneBeforeMaxAttempts() {
    RetryPolicy policy =
        new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(100), 2.0, 0.0);
    assertEquals(Duration.ofMillis(8), policy.backoff(4, 0.0), "retry 4 is the fifth attempt");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> policy.backoff(5, 0.0));
    assertEquals("retry must be 1..4 under this policy but was 5", e.getMessage());
  }

  @Test
  void retriesOutsideThePolicyAreRejected() {
    RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(3);
    assertThrows(IllegalArgumentException.class, () -> policy.backoff(0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> policy.backoff(3, 0.1));
    assertThrows(IllegalArgumentException.class, () -> policy.backoff(1, 1.0));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.noRetry().backoff(1, 0.1));
  }

  @Test
  void invalidPoliciesAreRejectedWithWhatIsAllowed() {
    IllegalArgumentException attempts =
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.defaults().withMaxAttempts(0));
    assertTrue(attempts.getMessage().contains("maxAttempts must be >= 1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> RetryPolicy.defaults().withBackoff(Duration.ofMillis(-1), Duration.ZERO, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> RetryPolicy.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(5), 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> RetryPolicy.defaults().withBackoff(Duration.ZERO, Duration.ZERO, 0.5));
    assertThrows(
        IllegalArgumentException.class,
        () -> RetryPolicy.defaults().withBackoff(Duration.ZERO, Duration.ZERO, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.defaults().withJitter(1.5));
    assertThrows(NullPointerException.class, () -> new RetryPolicy(1, null, Duration.ZERO, 1, 0));
  }

  @Test
  void noRetryAllowsOneAttempt() {
    assertEquals(1, RetryPolicy.noRetry().maxAttempts());
    assertEquals(10, RetryPolicy.defaults().maxAttempts());
  }
}
