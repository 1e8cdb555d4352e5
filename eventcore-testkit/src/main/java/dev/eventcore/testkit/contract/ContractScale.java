package dev.eventcore.testkit.contract;

import java.time.Duration;
import java.util.Objects;

/**
 * The sizes of the contract suite's concurrency, catch-up and property tests. {@link
 * #reliability()} gives the full reliability sizes; an adapter whose commits are slow (a
 * durable database on a small machine) may scale them down in its {@link StoreFixture}:
 *
 * <pre>{@code
 * @Override
 * public ContractScale scale() {
 *   return ContractScale.reliability().withAppendsPerWriter(500);
 * }
 * }</pre>
 *
 * @param writers concurrent writers in the single-event stress tests
 * @param appendsPerWriter single-event appends each of those writers acknowledges
 * @param streams streams those writers spread over
 * @param sameStreamAppenders concurrent {@code any()} appends to one stream per round
 * @param sameStreamRounds rounds of those
 * @param multiStreamWriters concurrent writers of multi-stream appends
 * @param multiStreamAppendsPerWriter multi-stream appends each of them attempts
 * @param multiStreamPool streams the multi-stream appends choose from
 * @param catchUpEvents events in the store before a subscription starts from the beginning
 * @param propertyExamples examples per property-based test
 * @param liveDelivery the longest a subscriber may take to handle an event after its commit,
 *     once caught up
 * @param timeout the longest any single wait of the suite may take before it fails
 *
 * @since 0.1.0
 */
public record ContractScale(
    int writers,
    int appendsPerWriter,
    int streams,
    int sameStreamAppenders,
    int sameStreamRounds,
    int multiStreamWriters,
    int multiStreamAppendsPerWriter,
    int multiStreamPool,
    int catchUpEvents,
    int propertyExamples,
    Duration liveDelivery,
    Duration timeout) {

  /** Validates the sizes. */
  public ContractScale {
    positive(writers, "writers");
    positive(appendsPerWriter, "appendsPerWriter");
    positive(streams, "streams");
    positive(sameStreamAppenders, "sameStreamAppenders");
    positive(sameStreamRounds, "sameStreamRounds");
    positive(multiStreamWriters, "multiStreamWriters");
    positive(multiStreamAppendsPerWriter, "multiStreamAppendsPerWriter");
    if (multiStreamPool < 5) {
      throw new IllegalArgumentException("multiStreamPool must be >= 5 but was " + multiStreamPool);
    }
    positive(catchUpEvents, "catchUpEvents");
    positive(propertyExamples, "propertyExamples");
    positive(liveDelivery, "liveDelivery");
    positive(timeout, "timeout");
  }

  /**
   * The full reliability sizes: 16 writers × 2,000 appends over 100 streams, 64
   * concurrent appends to one stream × 10 rounds, 16 × 1,000 multi-stream appends over 50
   * streams, 100,000 events to catch up on, 50 examples per property, live delivery within 500
   * ms, 2 minutes per wait.
   */
  public static ContractScale reliability() {
    return new ContractScale(16, 2_000, 100, 64, 10, 16, 1_000, 50, 100_000, 50,
        Duration.ofMillis(500), Duration.ofMinutes(2));
  }

  /** A copy with {@code writers} single-event writers. */
  public ContractScale withWriters(int writers) {
    return new ContractScale(writers, appendsPerWriter, streams, sameStreamAppenders,
        sameStreamRounds, multiStreamWriters, multiStreamAppendsPerWriter, multiStreamPool,
        catchUpEvents, propertyExamples, liveDelivery, timeout);
  }

  /** A copy where each single-event writer acknowledges {@code appendsPerWriter} appends. */
  public ContractScale withAppendsPerWriter(int appendsPerWriter) {
    return new ContractScale(writers, appendsPerWriter, streams, sameStreamAppenders,
        sameStreamRounds, multiStreamWriters, multiStreamAppendsPerWriter, multiStreamPool,
        catchUpEvents, propertyExamples, liveDelivery, timeout);
  }

  /** A copy with {@code sameStreamRounds} rounds of concurrent appends to one stream. */
  public ContractScale withSameStreamRounds(int sameStreamRounds) {
    return new ContractScale(writers, appendsPerWriter, streams, sameStreamAppenders,
        sameStreamRounds, multiStreamWriters, multiStreamAppendsPerWriter, multiStreamPool,
        catchUpEvents, propertyExamples, liveDelivery, timeout);
  }

  /** A copy where each multi-stream writer attempts {@code multiStreamAppendsPerWriter} appends. */
  public ContractScale withMultiStreamAppendsPerWriter(int multiStreamAppendsPerWriter) {
    return new ContractScale(writers, appendsPerWriter, streams, sameStreamAppenders,
        sameStreamRounds, multiStreamWriters, multiStreamAppendsPerWriter, multiStreamPool,
        catchUpEvents, propertyExamples, liveDelivery, timeout);
  }

  /** A copy with {@code catchUpEvents} events to catch up on. */
  public ContractScale withCatchUpEvents(int catchUpEvents) {
    return new ContractScale(writers, appendsPerWriter, streams, sameStreamAppenders,
        sameStreamRounds, multiStreamWriters, multiStreamAppendsPerWriter, multiStreamPool,
        catchUpEvents, propertyExamples, liveDelivery, timeout);
  }

  /** A copy with {@code propertyExamples} examples per property. */
  public ContractScale withPropertyExamples(int propertyExamples) {
    return new ContractScale(writers, appendsPerWriter, streams, sameStreamAppenders,
        sameStreamRounds, multiStreamWriters, multiStreamAppendsPerWriter, multiStreamPool,
        catchUpEvents, propertyExamples, liveDelivery, timeout);
  }

  /** A copy that allows {@code liveDelivery} from commit to handler. */
  public ContractScale withLiveDelivery(Duration liveDelivery) {
    return new ContractScale(writers, appendsPerWriter, streams, sameStreamAppenders,
        sameStreamRounds, multiStreamWriters, multiStreamAppendsPerWriter, multiStreamPool,
        catchUpEvents, propertyExamples, liveDelivery, timeout);
  }

  /** A copy whose waits fail after {@code timeout}. */
  public ContractScale withTimeout(Duration timeout) {
    return new ContractScale(writers, appendsPerWriter, streams, sameStreamAppenders,
        sameStreamRounds, multiStreamWriters, multiStreamAppendsPerWriter, multiStreamPool,
        catchUpEvents, propertyExamples, liveDelivery, timeout);
  }

  private static void positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
  }

  private static void positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1 but was " + value);
    }
  }
}
