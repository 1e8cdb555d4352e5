package dev.eventcore.health;

import java.time.Instant;

/**
 * Checks one component and reports its {@link Health}. A check may block (a database query) and
 * may throw: {@link HealthChecks} runs it under a timeout and reports a throw or a timeout as
 * {@link HealthStatus#DOWN} with the reason, so a check never has to guard itself.
 *
 * <pre>{@code
 * HealthCheck payments = now -> gateway.ping()
 *     ? Health.up("payments", now)
 *     : Health.down("payments", now, "the payment gateway does not answer");
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * The component's health now.
   *
   * @param now when the check started, to stamp the report with ({@link Health#checkedAt()})
   * @throws Exception for any failure: reported as {@code DOWN} with the exception as the reason
   */
  Health check(Instant now) throws Exception;
}
