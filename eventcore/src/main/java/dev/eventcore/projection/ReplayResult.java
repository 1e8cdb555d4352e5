package dev.eventcore.projection;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ProjectionRunner#replayDeadLetters} (or {@link ProjectionRunner#replayDeadLetter})
 * did: the letters whose events the projection's handler applied, now removed from the store, and
 * those that still fail, kept with their attempts and error updated.
 *
 * <pre>{@code
 * ReplayResult result = runner.replayDeadLetters("order-totals");
 * result.stillFailing().forEach(f -> log.warn("{} still fails: {}", f.letter(), f.reason()));
 * }</pre>
 *
 * @param projection the projection's name
 * @param replayed the letters whose events were applied and which were removed, in store order
 * @param stillFailing the letters that stay, each as stored now, with why, in store order
 *
 * @since 0.1.0
 */
public record ReplayResult(
    String projection, List<DeadLetter> replayed, List<StillFailing> stillFailing) {

  /** Validates the fields and copies the lists. */
  public ReplayResult {
    ProjectionNames.require(projection, "projection");
    replayed = List.copyOf(Objects.requireNonNull(replayed, "replayed"));
    stillFailing = List.copyOf(Objects.requireNonNull(stillFailing, "stillFailing"));
  }

  /** Whether nothing is left failing: every letter looked at was replayed (or there was none). */
  public boolean allReplayed() {
    return stillFailing.isEmpty();
  }

  /**
   * A letter that stays in the store after its replay.
   *
   * @param letter the letter as it is stored now (attempts and error updated where the handler
   *     ran again or the event still cannot be decoded)
   * @param reason why it failed again: the handler's exception, the decoding failure, or why the
   *     event could not be read back
   */
  public record StillFailing(DeadLetter letter, String reason) {
    /** Validates the fields. */
    public StillFailing {
      Objects.requireNonNull(letter, "letter");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
