/**
 * Sagas (process managers): long-running reactions to events that coordinate several aggregates.
 *
 * <p>A {@link dev.eventcore.saga.Saga} is pure: from its state and an event (or a fired timeout,
 * or a rejected command) it returns a {@link dev.eventcore.saga.SagaStep} — the facts to record,
 * the commands to dispatch, the timeouts to schedule or cancel, and whether it is complete. The
 * {@link dev.eventcore.saga.SagaRunner} executes steps: each step is one atomic append to the
 * saga instance's own stream, holding the state change and its outbox (the commands) together,
 * and, where the {@link dev.eventcore.saga.CommandDispatcher} can decide a command without side
 * effects, that command's own events on other streams in the same multi-stream append; commands
 * carry ids derived from the triggering event, so a redelivery never doubles an effect;
 * timeouts are events in that stream, fired by the runner's clock, and survive a restart.
 * Compensation is an ordinary step.
 */
@NullMarked
package dev.eventcore.saga;

import org.jspecify.annotations.NullMarked;
