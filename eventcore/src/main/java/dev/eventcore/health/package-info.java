/**
 * Health checks: one call that says whether the store, the global log, the projections, the sagas
 * and the dead letters are UP, DEGRADED or DOWN, and why.
 *
 * <p>{@link dev.eventcore.health.HealthChecks} assembles the checks and runs them in parallel under
 * a timeout; {@link dev.eventcore.health.Health} is the report (a tree, rendered as text or JSON);
 * {@link dev.eventcore.health.HealthThresholds} says when a component stops being UP; a store
 * adds its own checks by implementing {@link dev.eventcore.health.StoreHealth}.
 */
@NullMarked
package dev.eventcore.health;

import org.jspecify.annotations.NullMarked;
