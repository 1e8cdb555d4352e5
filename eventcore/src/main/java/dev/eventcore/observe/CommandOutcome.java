package dev.eventcore.observe;

/**
 * How a command ended, as an {@link Observer} sees it.
 *
 * @since 0.1.0
 */
public enum CommandOutcome {
  /** Decided and written, or decided to need nothing. */
  OK,
  /** Refused by the decider: a business "no", never retried. */
  REJECTED,
  /** Every attempt the retry policy allowed met a concurrent writer. */
  CONFLICT,
  /** Failed for another reason (the store, a decider bug). */
  ERROR
}
