package dev.eventcore.testkit;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.command.Command;
import dev.eventcore.command.CommandContext;
import dev.eventcore.command.CommandExecutor;
import dev.eventcore.command.CommandResult;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * Given/when/then tests for multi-stream {@link Command}s, on a fresh in-memory store.
 *
 * <pre>{@code
 * CommandFixture.create()
 *     .given(alice, new Deposited(100))
 *     .given(bob, new Deposited(5))
 *     .when(new Transfer(alice, bob, 30))
 *     .then(alice, new Withdrawn(30))
 *     .then(bob, new Deposited(30));
 *
 * CommandFixture.create().given(alice, new Deposited(10))
 *     .when(new Transfer(alice, bob, 30))
 *     .thenRejected("insufficient funds in account-alice");
 * }</pre>
 *
 * <p>The command runs once, with no retries, through a real {@link CommandExecutor}, so the
 * executor's rules (no writes to streams not read, metadata from the context) apply as in
 * production. Failures are {@link AssertionFailedError}s showing expected and actual events.
 *
 * @since 0.1.0
 */
public final class CommandFixture {
  private final EventStore store;

  private CommandFixture(EventStore store) {
    this.store = store;
  }

  /** A fixture on a new, empty in-memory store. */
  public static CommandFixture create() {
    return new CommandFixture(TestStores.inMemory(EventTypes.permissive()));
  }

  /** Appends {@code events} to {@code stream} before the command runs. */
  public CommandFixture given(StreamId stream, Object... events) {
    Objects.requireNonNull(stream, "stream");
    List<EventData<?>> data = new ArrayList<>();
    for (Object event : events) {
      data.add(EventData.of(Objects.requireNonNull(event, "event")));
    }
    if (!data.isEmpty()) {
      store.append(stream, ExpectedVersion.any(), data);
    }
    return this;
  }

  /** The store the fixture runs on, for setup or assertions beyond events. */
  public EventStore store() {
    return store;
  }

  /** Runs {@code command} with no context metadata. */
  public Then when(Command<?> command) {
    return when(command, CommandContext.empty());
  }

  /** Runs {@code command} once (no retry) with {@code context}. */
  public Then when(Command<?> command, CommandContext context) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(context, "context");
    CommandExecutor executor =
        CommandExecutor.builder(store).retryPolicy(RetryPolicy.noRetry()).build();
    String when = String.valueOf(command);
    try {
      CommandResult result = executor.execute(command, context);
      return new Then(Outcome.events(when, payloads(result.eventsWritten())), result);
    } catch (RuntimeException e) {
      return new Then(Outcome.failure(when, e), null);
    }
  }

  private static List<Object> payloads(List<EventData<?>> events) {
    List<Object> payloads = new ArrayList<>();
    for (EventData<?> event : events) {
      payloads.add(event.payload());
    }
    return payloads;
  }

  /** The outcome of the command, to assert on. */
  public final class Then {
    private final Outcome outcome;
    private final @org.jspecify.annotations.Nullable CommandResult result;

    private Then(Outcome outcome, @org.jspecify.annotations.Nullable CommandResult result) {
      this.outcome = outcome;
      this.result = result;
    }

    /** Asserts the command wrote exactly {@code expected} to {@code stream}, in order. */
    public Then then(StreamId stream, Object... expected) {
      Objects.requireNonNull(stream, "stream");
      List<Object> wanted = Arrays.asList(expected);
      outcome.events("events " + Outcome.render(wanted) + " on " + stream);
      CommandResult written = result();
      List<Object> actual =
          payloads(written.events().getOrDefault(stream, List.of()));
      outcome.assertEvents("the events written to " + stream, wanted, actual);
      return this;
    }

    /** Asserts the command wrote to exactly the streams given, and nowhere else. */
    public Then thenWroteOnlyTo(StreamId... streams) {
      outcome.events("writes to " + Arrays.toString(streams));
      List<Object> expected = new ArrayList<>(Arrays.asList(streams));
      List<Object> actual = new ArrayList<>(result().streamsWritten());
      outcome.assertEvents("the streams written", expected, actual);
      return this;
    }

    /** Asserts the command succeeded and wrote nothing. */
    public Then thenNothing() {
      outcome.assertEvents("the events", List.of(), outcome.events("no events"));
      return this;
    }

    /** Asserts the command was rejected for any reason. */
    public void thenRejected() {
      outcome.assertRejected(null);
    }

    /** Asserts the command was rejected with exactly {@code reason}. */
    public void thenRejected(String reason) {
      outcome.assertRejected(Objects.requireNonNull(reason, "reason"));
    }

    /** Asserts the command failed with a {@code type}, and returns it. */
    public <T extends Throwable> T thenThrows(Class<T> type) {
      return outcome.assertThrows(type);
    }

    /** The executor's result; fails the test if the command failed. */
    public CommandResult result() {
      outcome.events("a result");
      return Objects.requireNonNull(result, "result");
    }

    /** The store after the command, for assertions beyond events. */
    public EventStore store() {
      return store;
    }
  }
}
