package dev.eventcore.testkit;

import dev.eventcore.command.CommandRejectedException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/** What a {@code when} step produced (events, or a failure), with the assertions on it. */
final class Outcome {
  private final String when;
  private final List<?> events;
  private final @Nullable Throwable failure;

  private Outcome(String when, List<?> events, @Nullable Throwable failure) {
    this.when = when;
    this.events = events;
    this.failure = failure;
  }

  static Outcome events(String when, List<?> events) {
    return new Outcome(when, List.copyOf(events), null);
  }

  static Outcome failure(String when, Throwable failure) {
    return new Outcome(when, List.of(), failure);
  }

  /** The events of a successful {@code when}; fails the test if it failed. */
  List<?> events(String expectation) {
    if (failure instanceof CommandRejectedException rejected) {
      throw new AssertionFailedError(
          "when " + when + ": expected " + expectation + " but the command was rejected: "
              + rejected.reason(),
          expectation,
          "rejected: " + rejected.reason(),
          rejected);
    }
    if (failure != null) {
      throw new AssertionFailedError(
          "when " + when + ": expected " + expectation + " but it threw " + failure, failure);
    }
    return events;
  }

  void assertEvents(String what, List<?> expected, List<?> actual) {
    if (!expected.equals(actual)) {
      throw new AssertionFailedError(
          "when " + when + ": " + what + " differ" + firstDifference(expected, actual)
              + "\nexpected: " + render(expected) + "\n but was: " + render(actual),
          render(expected),
          render(actual));
    }
  }

  void assertRejected(@Nullable String reason) {
    if (failure instanceof CommandRejectedException rejected) {
      if (reason != null && !reason.equals(rejected.reason())) {
        throw new AssertionFailedError(
            "when " + when + ": rejected for another reason\nexpected: " + reason
                + "\n but was: " + rejected.reason(),
            reason,
            rejected.reason(),
            rejected);
      }
      return;
    }
    String expected = reason == null ? "a rejection" : "a rejection: " + reason;
    if (failure != null) {
      throw new AssertionFailedError(
          "when " + when + ": expected " + expected + " but it threw " + failure, failure);
    }
    throw new AssertionFailedError(
        "when " + when + ": expected " + expected + " but the command succeeded with events "
            + render(events),
        reason == null ? "rejected" : "rejected: " + reason,
        render(events));
  }

  <T extends Throwable> T assertThrows(Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (type.isInstance(failure)) {
      return type.cast(failure);
    }
    if (failure != null) {
      throw new AssertionFailedError(
          "when " + when + ": expected a " + type.getName() + " but it threw " + failure,
          failure);
    }
    throw new AssertionFailedError(
        "when " + when + ": expected a " + type.getName() + " but it succeeded with events "
            + render(events));
  }

  private static String firstDifference(List<?> expected, List<?> actual) {
    int common = Math.min(expected.size(), actual.size());
    for (int i = 0; i < common; i++) {
      if (!Objects.equals(expected.get(i), actual.get(i))) {
        return " at event " + (i + 1);
      }
    }
    return " in count: expected " + expected.size() + " events, got " + actual.size();
  }

  static String render(List<?> events) {
    if (events.isEmpty()) {
      return "[]";
    }
    return events.stream().map(String::valueOf).collect(Collectors.joining(",\n  ", "[\n  ", "\n]"));
  }
}
