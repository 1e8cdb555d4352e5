package dev.eventcore.saga;

/**
 * Counters of a {@link SagaRunner} since it was built.
 *
 * @param steps steps this runner took (one atomic append each, except a step that decided nothing
 *     for an event, whose marker rides along with the instance's next append); when two runners
 *     race on one trigger the store keeps one copy, and both may count it
 * @param duplicates triggers ignored because they were handled already (redeliveries)
 * @param commandsDispatched commands the dispatcher accepted, in a step's append or after it
 * @param commandsRejected commands the dispatcher rejected
 * @param dispatchFailures dispatch attempts that threw (retried at the next tick)
 * @param timeoutsFired timeouts fired
 *
 * @since 0.1.0
 */
public record SagaStats(
    long steps,
    long duplicates,
    long commandsDispatched,
    long commandsRejected,
    long dispatchFailures,
    long timeoutsFired) {}
