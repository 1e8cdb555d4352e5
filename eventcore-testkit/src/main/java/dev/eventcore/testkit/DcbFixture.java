package dev.eventcore.testkit;

import dev.eventcore.StreamId;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.dcb.DcbDecider;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * Given/when/then tests for a {@link DcbDecider}: the given tagged events are appended to a fresh
 * in-memory store, so the decider's query really selects them (events it does not match are
 * ignored, as in production); {@code when} runs the decision through {@link
 * DcbDecider#execute}; {@code then} compares the decided events' payloads and tags.
 *
 * <pre>{@code
 * DcbFixture<Seats> seats = DcbFixture.of(Courses.seats("c-1"));
 * seats.given(defined("c-1", 1), subscribed("c-1", "s-1"))
 *     .when(state -> Courses.subscribe(state, "c-1", "s-2"))
 *     .thenRejected("course c-1 is full");
 * }</pre>
 *
 * @param <S> the decider's state
 * @since 0.2.0
 */
public final class DcbFixture<S> {
  private final DcbDecider<S> decider;

  private DcbFixture(DcbDecider<S> decider) {
    this.decider = decider;
  }

  /** A fixture for {@code decider}; reusable for any number of tests. */
  public static <S> DcbFixture<S> of(DcbDecider<S> decider) {
    return new DcbFixture<>(Objects.requireNonNull(decider, "decider"));
  }

  /** An event decided: its payload and tags, as {@code then} compares them. */
  public record Decided(Object payload, SortedSet<Tag> tags) {
    /** {@code event}'s payload and tags. */
    public static Decided of(TaggedEvent event) {
      return new Decided(event.event().payload(), event.tags());
    }

    @Override
    public String toString() {
      return payload + " " + tags;
    }
  }

  /** The log before the decision: {@code events}, each appended to a stream of its own. */
  public Given given(TaggedEvent... events) {
    DcbStore store = new InMemoryEventStore().boundaries();
    int i = 0;
    for (TaggedEvent event : events) {
      store.append(StreamId.of("given", Integer.toString(++i)), List.of(event));
    }
    return new Given(store);
  }

  /** The store after the given events, ready for a decision. */
  public final class Given {
    private final DcbStore store;

    private Given(DcbStore store) {
      this.store = store;
    }

    /** Decides with {@code decide} on the state the decider folds from the given events. */
    public Then when(Function<S, List<TaggedEvent>> decide) {
      Objects.requireNonNull(decide, "decide");
      List<TaggedEvent> decided = new ArrayList<>();
      String when = "deciding on " + decider.query();
      try {
        decider.execute(store, StreamId.of("when", "1"), state -> {
          List<TaggedEvent> events = decide.apply(state);
          decided.clear();
          decided.addAll(events);
          return events;
        });
        List<Decided> outcome = new ArrayList<>();
        for (TaggedEvent event : decided) {
          outcome.add(Decided.of(event));
        }
        return new Then(Outcome.events(when, outcome));
      } catch (RuntimeException e) {
        return new Then(Outcome.failure(when, e));
      }
    }

    /** The state the decider folds from the given events. */
    public S state() {
      return decider.state(store);
    }
  }

  /** The outcome of the decision, to assert on. */
  public static final class Then {
    private final Outcome outcome;

    private Then(Outcome outcome) {
      this.outcome = outcome;
    }

    /** Asserts the decision appended exactly {@code expected} (payloads and tags), in order. */
    public Then then(TaggedEvent... expected) {
      List<Decided> wanted = new ArrayList<>();
      for (TaggedEvent event : Arrays.asList(expected)) {
        wanted.add(Decided.of(event));
      }
      outcome.assertEvents("the events", wanted, outcome.events("events " + wanted));
      return this;
    }

    /** Asserts the decision appended nothing. */
    public Then thenNothing() {
      outcome.assertEvents("the events", List.of(), outcome.events("no events"));
      return this;
    }

    /** Asserts the decision was rejected ({@link CommandRejectedException}) with {@code reason}. */
    public void thenRejected(String reason) {
      outcome.assertRejected(Objects.requireNonNull(reason, "reason"));
    }

    /** Asserts the decision was rejected for any reason. */
    public void thenRejected() {
      outcome.assertRejected(null);
    }
  }
}
