/**
 * The testing kit for users' own tests: given/when/then fixtures for deciders ({@link
 * dev.eventcore.testkit.DeciderFixture}), multi-stream commands ({@link
 * dev.eventcore.testkit.CommandFixture}) and sagas ({@link dev.eventcore.testkit.SagaFixture}),
 * failing with {@link org.opentest4j.AssertionFailedError}s that show expected and actual events;
 * a check that a decider's fold costs the same per event however large its state ({@link
 * dev.eventcore.testkit.FoldCost}); a {@link dev.eventcore.testkit.ManualClock} and a {@link
 * dev.eventcore.testkit.ForwardingEventStore} for fault-injecting doubles. Put {@code
 * eventcore-testkit} in test scope: it brings JUnit Jupiter's API and QuickTheories.
 */
@NullMarked
package dev.eventcore.testkit;

import org.jspecify.annotations.NullMarked;
