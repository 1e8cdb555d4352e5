package dev.eventcore.projection;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a projection's dead letters through its handler, one stored event at a time, under the
 * worker's lock and the projection's lease, with no run open: a live run is closed (its
 * checkpoint saved) and continued afterwards from that checkpoint; a paused one stays paused; a
 * stopped or failed one takes the lease for the replay only. So the handler is never called twice
 * at once, and live events are neither skipped nor applied twice. Each event is read back from the
 * log at its position as the subscription delivers it (undecodable ones raw) and handled once: on
 * success its letters are removed (by a {@link TransactionalProjection} in its own transaction), on
 * failure they stay with their attempts and error updated.
 */
final class DeadLetterReplays {
  // the worker's logger: operators configure one category per projection worker
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWorker.class);

  private final ProjectionWorker worker;
  private final String name;
  private final DeadLetterStore deadLetters;
  private final List<DeadLetter> replayed = new ArrayList<>();
  private final List<ReplayResult.StillFailing> stillFailing = new ArrayList<>();
  private long renewedAt = System.nanoTime();

  DeadLetterReplays(ProjectionWorker worker) {
    this.worker = worker;
    this.name = worker.name;
    this.deadLetters = deadLettersOf(worker);
  }

  /**
   * Carries out an operator's request that came with the lease {@code held} (the worker runs):
   * clears it first, so a replay that fails is not repeated by every grant, then replays every
   * letter and logs the outcome. Never throws: the projection runs on whatever happens.
   */
  static void requested(ProjectionWorker worker, Lease held) {
    held.replayStarted();
    try {
      ReplayResult result = new DeadLetterReplays(worker).replay(null);
      LOG.info("projection {}: replayed its dead letters on request: {} applied, {} still"
          + " failing", worker.name, result.replayed().size(), result.stillFailing().size());
    } catch (RuntimeException e) {
      LOG.warn("projection {}: could not replay its dead letters on request: {}", worker.name,
          e.toString(), e);
    }
  }

  /** The position of {@code projection}'s letter of the event {@code id}. */
  static GlobalPosition positionOf(ProjectionWorker worker, EventId id) {
    return deadLettersOf(worker).list(worker.name).stream()
        .filter(letter -> letter.eventId().equals(id)).findFirst()
        .map(DeadLetter::position)
        .orElseThrow(() -> new IllegalArgumentException(
            "projection " + worker.name + " has no dead letter of event " + id));
  }

  private static DeadLetterStore deadLettersOf(ProjectionWorker worker) {
    if (!(worker.runs().policy() instanceof ErrorPolicy.RetryThenDeadLetter deadLettering)) {
      throw new IllegalStateException("projection " + worker.name + " is registered with "
          + worker.runs().policy() + ", not ErrorPolicy.retryThenDeadLetter: this runner knows"
          + " no dead letters of it to replay");
    }
    return deadLettering.deadLetters();
  }

  /**
   * Replays the letters at {@code position}, or every letter when it is null. Under the lock.
   *
   * @throws IllegalArgumentException if there is no letter at {@code position}
   * @throws IllegalStateException if the projection is rebuilding, another instance holds its
   *     lease, or the lease is lost on the way
   */
  ReplayResult replay(@Nullable GlobalPosition position) {
    ProjectionState state = worker.state();
    if (state == ProjectionState.REBUILDING) {
      throw new IllegalStateException("projection " + name + " is rebuilding, which delivers its"
          + " dead-lettered events again too; replay its dead letters once the rebuild is done");
    }
    if (state == ProjectionState.STANDBY) {
      throw refused("this instance is on standby");
    }
    List<DeadLetter> letters = position == null
        ? deadLetters.list(name) : deadLetters.find(name, position);
    if (position != null && letters.isEmpty()) {
      throw new IllegalArgumentException(
          "projection " + name + " has no dead letter at position " + position);
    }
    if (letters.isEmpty()) {
      return result();
    }
    boolean borrowed = state == ProjectionState.STOPPED || state == ProjectionState.FAILED;
    boolean live = state == ProjectionState.RUNNING;
    if (borrowed && !worker.claim().acquire()) {
      throw refused("it is " + state + " here");
    }
    if (live && !worker.runs().close(true)) {
      throw new IllegalStateException(
          "projection " + name + " lost its lease while pausing for the replay; nothing replayed");
    }
    try {
      for (List<DeadLetter> event : byPosition(letters)) {
        renewIfDue(borrowed);
        replayEvent(event, borrowed);
      }
    } finally {
      if (borrowed) {
        worker.claim().release();
      } else if (live) {
        continueLive();
      }
    }
    return result();
  }

  private IllegalStateException refused(String why) {
    return new IllegalStateException("projection " + name + " cannot replay its dead letters"
        + " here: " + why + " and another instance holds its lease; replay them where it runs");
  }

  private ReplayResult result() {
    return new ReplayResult(name, replayed, stillFailing);
  }

  /** The letters grouped by position, in the order of each position's first letter. */
  private static List<List<DeadLetter>> byPosition(List<DeadLetter> letters) {
    Map<GlobalPosition, List<DeadLetter>> groups = new LinkedHashMap<>();
    for (DeadLetter letter : letters) {
      groups.computeIfAbsent(letter.position(), at -> new ArrayList<>()).add(letter);
    }
    return List.copyOf(groups.values());
  }

  /** Replays one stored event, whose letters are {@code letters}. */
  private void replayEvent(List<DeadLetter> letters, boolean borrowed) {
    GlobalPosition at = letters.get(0).position();
    List<RecordedEvent<?>> stored = readBack(at);
    if (stored.isEmpty()) {
      for (DeadLetter letter : letters) {
        stillFails(letter, "the log holds no event at position " + at + " that passes the"
            + " projection's filter (" + worker.projection.filter() + ")");
      }
      return;
    }
    for (RecordedEvent<?> part : stored) {
      if (part.payload() instanceof UndecodableEvent envelope) {
        @SuppressWarnings("unchecked")
        RecordedEvent<UndecodableEvent> raw = (RecordedEvent<UndecodableEvent>) part;
        String error = new UndecodableEventException(raw, null).toString();
        for (DeadLetter letter : letters) {
          failed(again(letter, letter.attempts(), error, Optional.of(envelope)),
              "it still cannot be decoded: " + envelope.reason());
        }
        return;
      }
    }
    try {
      apply(partsToApply(stored, letters));
    } catch (StaleCheckpointException e) {
      if (!borrowed) {
        worker.loseLease(e);
      }
      throw new IllegalStateException("projection " + name + " lost its lease while replaying the"
          + " dead letter at position " + at + "; not replayed: " + e.getMessage(), e);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      for (DeadLetter letter : letters) {
        failed(again(letter, letter.attempts() + 1, e.toString(), Optional.empty()),
            "its handler failed again: " + e);
      }
      return;
    }
    deadLetters.remove(name, at);
    replayed.addAll(letters);
    LOG.info("projection {}: replayed the dead-lettered event {} and removed its letter",
        name, stored.get(0).describe());
  }

  /** The event at {@code at} as the subscription delivers it: its parts, undecodable ones raw. */
  private List<RecordedEvent<?>> readBack(GlobalPosition at) {
    if (at.equals(GlobalPosition.START)) {
      return List.of();
    }
    LogPage page = worker.settings.store().readAll(GlobalPosition.of(at.value() - 1), 1,
        worker.projection.filter().deliveringUndecodable());
    return page.events().stream().filter(event -> event.position().equals(at)).toList();
  }

  /**
   * The parts to handle again: all of a stored event read as one event; of a split, the parts of
   * the types its letters name, or all of them when a letter was of the event undecoded (none of
   * its parts was applied then) or names no part.
   */
  private static List<RecordedEvent<?>> partsToApply(
      List<RecordedEvent<?>> parts, List<DeadLetter> letters) {
    Set<String> partTypes = parts.stream().map(RecordedEvent::type).collect(Collectors.toSet());
    boolean whole = parts.size() == 1 || letters.stream().anyMatch(
        letter -> letter.undecodable().isPresent() || !partTypes.contains(letter.type()));
    if (whole) {
      return parts;
    }
    Set<String> named = letters.stream().map(DeadLetter::type).collect(Collectors.toSet());
    return parts.stream().filter(part -> named.contains(part.type())).toList();
  }

  private void apply(List<RecordedEvent<?>> parts) throws Exception {
    if (worker.projection instanceof TransactionalProjection transactional) {
      Lease held = worker.claim().require();
      worker.claim().checkpoint(transactional.replay(
          parts, worker.claim().checkpoint(), held.fencingToken(), deadLetters));
      worker.changes().signal();
    } else {
      for (RecordedEvent<?> part : parts) {
        worker.projection.handle(part);
      }
    }
  }

  /** {@code letter} failed again now: its attempts, error and, if still undecodable, envelope. */
  private DeadLetter again(
      DeadLetter letter, int attempts, String error, Optional<UndecodableEvent> envelope) {
    Optional<UndecodableEvent> kept = envelope.filter(raw -> raw.type().equals(letter.type()));
    Instant now = worker.now();
    return new DeadLetter(letter.projection(), letter.position(), letter.streamId(),
        letter.version(), letter.eventId(), letter.type(),
        kept.isPresent() ? attempts : Math.max(1, attempts), error, now, kept);
  }

  private void failed(DeadLetter letter, String reason) {
    deadLetters.add(letter); // replaces the earlier letter of the same event in its place
    stillFails(letter, reason);
  }

  private void stillFails(DeadLetter letter, String reason) {
    stillFailing.add(new ReplayResult.StillFailing(letter, reason));
    LOG.warn("projection {}: the dead-lettered event at position {} (stream {}, version {}, type"
        + " {}) still fails; its letter stays", name, letter.position(), letter.streamId(),
        letter.version(), letter.type());
  }

  /** Renews the lease once a tick has passed, so a long replay keeps it. */
  private void renewIfDue(boolean borrowed) {
    long now = System.nanoTime();
    if (now - renewedAt < worker.settings.tick().toNanos()) {
      return;
    }
    if (!worker.claim().require().renew()) {
      String why = "projection " + name + " lost its lease while replaying dead letters; "
          + replayed.size() + " replayed, the rest not";
      if (!borrowed) {
        worker.loseLease(why);
      }
      throw new IllegalStateException(why);
    }
    renewedAt = now;
  }

  /** Continues the live run from the saved checkpoint; a failure to do so fails the projection. */
  private void continueLive() {
    if (worker.state() != ProjectionState.RUNNING || worker.currentRun() != null) {
      return;
    }
    try {
      worker.runs().resubscribe();
    } catch (RuntimeException e) {
      worker.fail(ProjectionError.of("projection " + name + " could not continue after"
          + " replaying dead letters: " + e, worker.position(), worker.now()));
    }
  }
}
