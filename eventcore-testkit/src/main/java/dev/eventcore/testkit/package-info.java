/**
 * The testing kit for users' own tests: given/when/then fixtures for deciders ({@link
 * dev.eventcore.testkit.DeciderFixture}), multi-stream commands ({@link
 * dev.eventcore.testkit.CommandFixture}) and sagas ({@link dev.eventcore.testkit.SagaFixture}), failing with {@link org.opentest4j.AssertionFailedError}s
 * that show expected and actual events; and a check that a decider's fold costs the same per event
 * however large its state ({@link dev.eventcore.testkit.FoldCost}). Put {@code eventcore-memory}
 * and JUnit in test scope.
 */
@NullMarked
package dev.eventcore.testkit;

import org.jspecify.annotations.NullMarked;
