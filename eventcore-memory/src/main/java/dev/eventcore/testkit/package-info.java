/**
 * The testing kit for users' own tests: given/when/then fixtures for deciders ({@link
 * dev.eventcore.testkit.DeciderFixture}), multi-stream commands ({@link
 * dev.eventcore.testkit.CommandFixture}) and sagas ({@link dev.eventcore.testkit.SagaFixture}), failing with {@link org.opentest4j.AssertionFailedError}s
 * that show expected and actual events. Put {@code eventcore-memory} and JUnit in test scope.
 */
@NullMarked
package dev.eventcore.testkit;

import org.jspecify.annotations.NullMarked;
