package dev.eventcore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.command.Command;
import dev.eventcore.command.CommandContext;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.command.Decision;
import dev.eventcore.command.StreamsRead;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class FixturesTest {
  sealed interface CounterEvent permits Incremented {}

  record Incremented(int by) implements CounterEvent {}

  record Increment(int by) {}

  static final Decider<Increment, Integer, CounterEvent> COUNTER =
      Decider.of(
          0,
          (count, event) -> count + ((Incremented) event).by(),
          (command, count) -> {
            if (count + command.by() > 100) {
              throw new CommandRejectedException("limit is 100");
            }
            return command.by() == 0 ? List.of() : List.of(new Incremented(command.by()));
          });

  private final DeciderFixture<Increment, Integer, CounterEvent> counter = DeciderFixture.of(COUNTER);

  @Test
  void deciderFixturePassesWhenTheEventsMatch() {
    counter.given(new Incremented(98)).when(new Increment(2)).then(new Incremented(2)).thenState(100);
    counter.given(new Incremented(99)).when(new Increment(2)).thenRejected("limit is 100");
    counter.given().when(new Increment(0)).thenNothing();
    assertEquals(5, counter.given(new Incremented(2), new Incremented(3)).state());
  }

  @Test
  void deciderFixtureShowsExpectedAndActualEventsOnAMismatch() {
    AssertionFailedError error =
        assertThrows(
            AssertionFailedError.class,
            () -> counter.given().when(new Increment(2)).then(new Incremented(3)));

    assertTrue(error.getMessage().contains("at event 1"), error::getMessage);
    assertEquals("[\n  Incremented[by=3]\n]", error.getExpected().getStringRepresentation());
    assertEquals("[\n  Incremented[by=2]\n]", error.getActual().getStringRepresentation());
  }

  @Test
  void deciderFixtureReportsAnUnexpectedRejectionOrSuccess() {
    AssertionFailedError rejected =
        assertThrows(
            AssertionFailedError.class,
            () -> counter.given(new Incremented(100)).when(new Increment(1)).then(new Incremented(1)));
    assertTrue(rejected.getMessage().contains("rejected: limit is 100"), rejected::getMessage);

    AssertionFailedError succeeded =
        assertThrows(
            AssertionFailedError.class, () -> counter.given().when(new Increment(1)).thenRejected());
    assertTrue(succeeded.getMessage().contains("Incremented[by=1]"), succeeded::getMessage);

    AssertionFailedError otherReason =
        assertThrows(
            AssertionFailedError.class,
            () -> counter.given(new Incremented(100)).when(new Increment(1)).thenRejected("closed"));
    assertEquals("closed", otherReason.getExpected().getStringRepresentation());
  }

  // ---- commands ----

  sealed interface AccountEvent permits Deposited, Withdrawn {}

  record Deposited(long amount) implements AccountEvent {}

  record Withdrawn(long amount) implements AccountEvent {}

  record Transfer(StreamId from, StreamId to, long amount) implements Command<Long> {
    @Override
    public List<StreamId> streams() {
      return List.of(from, to);
    }

    @Override
    public Long initialState() {
      return 0L;
    }

    @Override
    public Long evolve(Long fromBalance, RecordedEvent<?> event) {
      if (!event.streamId().equals(from)) {
        return fromBalance;
      }
      return event.payload() instanceof Deposited d
          ? fromBalance + d.amount()
          : fromBalance - ((Withdrawn) event.payload()).amount();
    }

    @Override
    public Decision decide(Long fromBalance, StreamsRead read) {
      if (fromBalance < amount) {
        throw new CommandRejectedException("insufficient funds in " + from);
      }
      return Decision.append(from, new Withdrawn(amount)).and(to, new Deposited(amount));
    }
  }

  private static final StreamId ALICE = StreamId.of("account", "alice");
  private static final StreamId BOB = StreamId.of("account", "bob");

  @Test
  void commandFixtureChecksEveryStreamWritten() {
    CommandFixture.create()
        .given(ALICE, new Deposited(100))
        .given(BOB, new Deposited(5))
        .when(new Transfer(ALICE, BOB, 30), CommandContext.of("c", "d"))
        .then(ALICE, new Withdrawn(30))
        .then(BOB, new Deposited(30))
        .thenWroteOnlyTo(ALICE, BOB);

    CommandFixture.create()
        .given(ALICE, new Deposited(10))
        .when(new Transfer(ALICE, BOB, 30))
        .thenRejected("insufficient funds in account-alice");
  }

  @Test
  void commandFixtureShowsTheDifferenceForAStream() {
    AssertionFailedError error =
        assertThrows(
            AssertionFailedError.class,
            () -> CommandFixture.create()
                .given(ALICE, new Deposited(100))
                .when(new Transfer(ALICE, BOB, 30))
                .then(BOB, new Deposited(31)));

    assertTrue(error.getMessage().contains("written to account-bob"), error::getMessage);
    assertEquals("[\n  Deposited[amount=30]\n]", error.getActual().getStringRepresentation());
  }

  @Test
  void commandFixtureExposesTheResultAndTheStore() {
    CommandFixture.Then then =
        CommandFixture.create()
            .given(ALICE, new Deposited(100))
            .when(new Transfer(ALICE, BOB, 1), CommandContext.of("corr", "cause"));

    assertEquals(1, then.result().attempts());
    assertEquals(
        Optional.of("corr"), then.store().readStream(BOB).get(0).metadata().correlationId());
    IllegalStateException undeclared =
        CommandFixture.create()
            .when(new Command<Long>() {
              @Override
              public List<StreamId> streams() {
                return List.of(ALICE);
              }

              @Override
              public Long initialState() {
                return 0L;
              }

              @Override
              public Long evolve(Long state, RecordedEvent<?> event) {
                return state;
              }

              @Override
              public Decision decide(Long state, StreamsRead read) {
                return Decision.append(BOB, new Deposited(1));
              }
            })
            .thenThrows(IllegalStateException.class);
    assertTrue(undeclared.getMessage().contains("did not read"));
  }
}
