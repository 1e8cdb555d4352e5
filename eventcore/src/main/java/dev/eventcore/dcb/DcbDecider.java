package dev.eventcore.dcb;

import dev.eventcore.AppendResult;
import dev.eventcore.StreamId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A decision over a dynamic consistency boundary: the state folded from the events a query
 * matches, the events a command adds, and the retries when another writer got there first.
 *
 * <pre>{@code
 * DcbDecider<Integer> seats = DcbDecider.of(
 *     DcbQuery.of(QueryItem.of(Set.of("StudentSubscribed"), Set.of(course))),
 *     0, (taken, event) -> taken + 1);
 * seats.execute(store.boundaries(), stream, taken -> {
 *   if (taken >= 30) throw new CommandRejectedException("the course is full");
 *   return List.of(TaggedEvent.of(new StudentSubscribed(courseId, studentId), course, student));
 * });
 * }</pre>
 *
 * <p>{@code execute} reads the boundary, folds it, decides and appends on the read's condition; on
 * {@link AppendConditionFailedException} it pauses briefly (a random fraction of a millisecond per
 * attempt) and reads and decides again, up to {@link #MAX_ATTEMPTS} times. The decision must be a pure function of the state: it may run more than
 * once. Immutable and thread-safe.
 *
 * @param <S> the state a decision needs
 * @since 0.2.0
 */
public final class DcbDecider<S> {
  /** How many times {@link #execute} decides before it gives up on a contended boundary. */
  public static final int MAX_ATTEMPTS = 20;

  private final DcbQuery query;
  private final S initial;
  private final BiFunction<S, DcbEvent, S> evolve;

  private DcbDecider(DcbQuery query, S initial, BiFunction<S, DcbEvent, S> evolve) {
    this.query = Objects.requireNonNull(query, "query");
    this.initial = Objects.requireNonNull(initial, "initial");
    this.evolve = Objects.requireNonNull(evolve, "evolve");
  }

  /** A decider over the events {@code query} matches, folded from {@code initial}. */
  public static <S> DcbDecider<S> of(
      DcbQuery query, S initial, BiFunction<S, DcbEvent, S> evolve) {
    return new DcbDecider<>(query, initial, evolve);
  }

  /**
   * The pause before deciding again after the {@code attempt}-th conflict: a random fraction of
   * {@code attempt} tenths of a millisecond, so that on a hot boundary the winner's commit lands
   * before the next read. For retry loops of one's own (an incremental read, say).
   */
  public static void backOff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1 but was " + attempt);
    }
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000L * attempt));
  }

  /** The query whose events the state is folded from. */
  public DcbQuery query() {
    return query;
  }

  /** The state folded from {@code read}'s events. */
  public S fold(DcbRead read) {
    S state = initial;
    for (DcbEvent event : read.events()) {
      state = Objects.requireNonNull(evolve.apply(state, event), "evolve returned null");
    }
    return state;
  }

  /** The current state of the boundary. */
  public S state(DcbStore store) {
    return fold(store.read(query));
  }

  /**
   * Reads, folds, decides and appends the decided events to {@code stream} on the read's
   * condition, deciding again after each conflict; empty when the decision added nothing.
   * @throws AppendConditionFailedException if {@link #MAX_ATTEMPTS} decisions in a row conflicted
   */
  public Optional<AppendResult> execute(
      DcbStore store, StreamId stream, Function<S, List<TaggedEvent>> decide) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(decide, "decide");
    for (int attempt = 1; ; attempt++) {
      DcbRead read = store.read(query);
      List<TaggedEvent> events = Objects.requireNonNull(decide.apply(fold(read)),
          "decide returned null; return List.of() to add nothing");
      if (events.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(store.append(stream, events, read.condition()));
      } catch (AppendConditionFailedException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        backOff(attempt);
      }
    }
  }
}
