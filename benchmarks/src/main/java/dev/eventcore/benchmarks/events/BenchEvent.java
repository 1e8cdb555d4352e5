package dev.eventcore.benchmarks.events;

import java.util.Objects;

/**
 * The payloads of the benchmark: a small account ledger, about 120 bytes of JSON per event, the
 * size of a typical business event.
 */
public sealed interface BenchEvent {

  /**
   * Money paid into an account.
   *
   * @param accountId the account
   * @param amountCents the amount, in cents
   * @param reference a free-text reference
   */
  record Deposited(String accountId, long amountCents, String reference) implements BenchEvent {
    /** Validates the arguments. */
    public Deposited {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(reference, "reference");
    }
  }

  /**
   * Money taken out of an account.
   *
   * @param accountId the account
   * @param amountCents the amount, in cents
   * @param reference a free-text reference
   */
  record Withdrawn(String accountId, long amountCents, String reference) implements BenchEvent {
    /** Validates the arguments. */
    public Withdrawn {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(reference, "reference");
    }
  }
}
