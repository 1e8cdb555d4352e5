package dev.eventcore.command;

import static dev.eventcore.command.Bank.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.command.Bank.Deposited;
import dev.eventcore.command.Bank.Transfer;
import dev.eventcore.command.Bank.Withdrawn;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.spi.DelegatingEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandExecutorTest {
  private static final StreamId ALICE = account("alice");
  private static final StreamId BOB = account("bob");

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final List<Duration> slept = new ArrayList<>();
  private final CommandExecutor executor =
      CommandExecutor.builder(store)
          .retryPolicy(
              RetryPolicy.defaults()
                  .withMaxAttempts(5)
                  .withBackoff(Duration.ofMillis(10), Duration.ofMillis(25), 2.0)
                  .withJitter(0.0))
          .sleeper(slept::add)
          .random(new SplittableRandom(7))
          .build();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void writesTheDecidedEventsToEveryStreamAtomically() {
    store.append(ALICE, ExpectedVersion.noStream(), List.of(EventData.of(new Deposited(100))));

    CommandResult result = executor.execute(new Transfer(ALICE, BOB, 30));

    assertEquals(List.of(ALICE, BOB), List.copyOf(result.streamsWritten()));
    assertEquals(Version.of(2), result.version(ALICE));
    assertEquals(Version.of(1), result.version(BOB));
    assertEquals(1, result.attempts());
    assertEquals(
        List.of(new Withdrawn(30), new Deposited(30)),
        result.eventsWritten().stream().map(EventData::payload).toList());
    assertEquals(new Withdrawn(30), store.readStream(ALICE).get(1).payload());
    assertEquals(new Deposited(30), store.readStream(BOB).get(0).payload());
    assertTrue(slept.isEmpty());
  }

  @Test
  void aRejectionIsNeverRetriedAndWritesNothing() {
    AtomicInteger decisions = new AtomicInteger();
    Command<Long> rejecting =
        command(List.of(ALICE), (state, read) -> {
          decisions.incrementAndGet();
          throw new CommandRejectedException("account closed");
        });

    CommandRejectedException rejected =
        assertThrows(CommandRejectedException.class, () -> executor.execute(rejecting));

    assertEquals("account closed", rejected.reason());
    assertEquals(1, decisions.get());
    assertTrue(slept.isEmpty());
    assertTrue(store.readAll(GlobalPosition.START, 10).isEmpty());
  }

  @Test
  void aDecisionWithoutEventsSucceedsWithoutAppending() {
    CommandResult result =
        executor.execute(command(List.of(ALICE, BOB), (state, read) -> Decision.none()));

    assertTrue(result.wroteNothing());
    assertEquals(1, result.attempts());
    assertTrue(store.readAll(GlobalPosition.START, 10).isEmpty());
  }

  @Test
  void writingToAStreamThatWasNotReadFailsAndWritesNothing() {
    StreamId carol = account("carol");
    Command<Long> sneaky =
        command(List.of(ALICE), (state, read) ->
            Decision.append(ALICE, new Deposited(1)).and(carol, new Deposited(1)));

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> executor.execute(sneaky));

    assertTrue(error.getMessage().contains("account-carol, which it did not read"), error::getMessage);
    assertTrue(store.readAll(GlobalPosition.START, 10).isEmpty());
  }

  @Test
  void aStreamReadButNotWrittenIsCheckedAndAConcurrentChangeToItIsRetried() {
    // writes only to alice, but decides on bob's balance too: a change to bob must be seen
    AtomicInteger attempt = new AtomicInteger();
    List<Long> bobBalancesSeen = new ArrayList<>();
    Command<Long> bonus =
        new Command<>() {
          @Override
          public List<StreamId> streams() {
            return List.of(ALICE, BOB);
          }

          @Override
          public Long initialState() {
            return 0L;
          }

          @Override
          public Long evolve(Long bobBalance, RecordedEvent<?> event) {
            return event.streamId().equals(BOB)
                ? bobBalance + event.payloadAs(Deposited.class).amount()
                : bobBalance;
          }

          @Override
          public Decision decide(Long bobBalance, StreamsRead read) {
            bobBalancesSeen.add(bobBalance);
            if (attempt.incrementAndGet() == 1) { // a concurrent writer changes bob meanwhile
              store.append(BOB, ExpectedVersion.any(), List.of(EventData.of(new Deposited(50))));
            }
            return Decision.append(ALICE, new Deposited(bobBalance));
          }
        };

    CommandResult result = executor.execute(bonus);

    assertEquals(2, result.attempts());
    assertEquals(List.of(0L, 50L), bobBalancesSeen);
    assertEquals(List.of(ALICE), List.copyOf(result.streamsWritten()));
    assertEquals(new Deposited(50), store.readStream(ALICE).get(0).payload());
    assertEquals(List.of(Duration.ofMillis(10)), slept);
  }

  @Test
  void retriesAreBoundedAndBackOffExponentially() {
    Command<Long> alwaysRacing =
        command(List.of(ALICE), (state, read) -> {
          store.append(ALICE, ExpectedVersion.any(), List.of(EventData.of(new Deposited(1))));
          return Decision.append(ALICE, new Deposited(2));
        });

    CommandConflictException conflict =
        assertThrows(CommandConflictException.class, () -> executor.execute(alwaysRacing));

    assertEquals(5, conflict.attempts());
    assertEquals(ALICE, conflict.lastConflict().stream());
    assertEquals(
        List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25),
            Duration.ofMillis(25)),
        slept);
    assertTrue(conflict.isRetryable());
    assertEquals(5, store.currentVersion(ALICE).value(), "only the racing writer's events");
  }

  @Test
  void aCommandFoldsTheEventsOfItsStreamsInTheOrderTheyWereWrittenWhateverTheStreamOrder() {
    // written interleaved: bob 1, alice 2, bob 3, alice 4 (log positions 1..4)
    store.append(BOB, ExpectedVersion.noStream(), List.of(EventData.of(new Deposited(1))));
    store.append(ALICE, ExpectedVersion.noStream(), List.of(EventData.of(new Deposited(2))));
    store.append(BOB, ExpectedVersion.exactly(Version.of(1)),
        List.of(EventData.of(new Deposited(3))));
    store.append(ALICE, ExpectedVersion.exactly(Version.of(1)),
        List.of(EventData.of(new Deposited(4))));
    List<List<Long>> folded = new ArrayList<>();
    Command<List<Long>> inOrder = new Command<>() {
      @Override
      public List<StreamId> streams() {
        return List.of(ALICE, BOB); // declared in the other order than the first write
      }

      @Override
      public List<Long> initialState() {
        return List.of();
      }

      @Override
      public List<Long> evolve(List<Long> amounts, RecordedEvent<?> event) {
        List<Long> next = new ArrayList<>(amounts);
        next.add(event.payloadAs(Deposited.class).amount());
        return next;
      }

      @Override
      public Decision decide(List<Long> amounts, StreamsRead read) {
        folded.add(amounts);
        return Decision.append(BOB, new Deposited(10L + amounts.size() + 1));
      }
    };

    executor.execute(inOrder); // reads both streams whole
    store.append(ALICE, ExpectedVersion.exactly(Version.of(2)),
        List.of(EventData.of(new Deposited(6))));
    executor.execute(inOrder); // the cached events and each stream's tail

    assertEquals(List.of(List.of(1L, 2L, 3L, 4L), List.of(1L, 2L, 3L, 4L, 15L, 6L)), folded);
  }

  @Test
  void aStoreThatKeepsFailingTransientlyIsTriedExactlyMaxAttemptsTimes() {
    store.append(ALICE, ExpectedVersion.noStream(), List.of(EventData.of(new Deposited(100))));
    AtomicInteger tried = new AtomicInteger();
    EventStore unavailable = new DelegatingEventStore(store) {
      @Override
      public AppendResult append(List<StreamAppend> appends) {
        tried.incrementAndGet();
        throw new TransientStoreException("connection refused", null, false);
      }
    };
    CommandExecutor patient = CommandExecutor.builder(unavailable)
        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(3)
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), 1.0).withJitter(0.0))
        .sleeper(slept::add)
        .build();

    assertThrows(TransientStoreException.class,
        () -> patient.execute(new Transfer(ALICE, BOB, 30)));

    assertEquals(3, tried.get());
    assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(10)), slept);
    assertEquals(Version.of(1), store.currentVersion(ALICE));
  }

  @Test
  void aCommandCanAskForTheStreamsItDiscovers() {
    StreamId order = StreamId.of("order", "7");
    store.append(order, ExpectedVersion.noStream(), List.of(EventData.of("placed-by:bob")));
    store.append(BOB, ExpectedVersion.noStream(), List.of(EventData.of(new Deposited(10))));
    List<List<StreamId>> reads = new ArrayList<>();
    Command<Optional<String>> charge =
        new Command<>() {
          @Override
          public List<StreamId> streams() {
            return List.of(order);
          }

          @Override
          public Optional<String> initialState() {
            return Optional.empty();
          }

          @Override
          public Optional<String> evolve(Optional<String> customer, RecordedEvent<?> event) {
            return event.payload() instanceof String placed
                ? Optional.of(placed.substring("placed-by:".length()))
                : customer;
          }

          @Override
          public Decision decide(Optional<String> customer, StreamsRead read) {
            reads.add(List.copyOf(read.streams()));
            StreamId customerAccount = account(customer.orElseThrow());
            if (!read.contains(customerAccount)) {
              return Decision.readAlso(customerAccount);
            }
            assertEquals(Version.of(1), read.version(customerAccount));
            return Decision.append(customerAccount, new Withdrawn(4)).and(order, "charged");
          }
        };

    CommandResult result = executor.execute(charge);

    assertEquals(List.of(List.of(order), List.of(order, BOB)), reads);
    assertEquals(Version.of(2), result.version(BOB));
    assertEquals(Version.of(2), result.version(order));
    assertEquals(1, result.attempts());
  }

  @Test
  void askingAgainForStreamsAlreadyReadIsAnError() {
    Command<Long> looping = command(List.of(ALICE), (state, read) -> Decision.readAlso(ALICE));

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> executor.execute(looping));

    assertTrue(error.getMessage().contains("read already"), error::getMessage);
  }

  @Test
  void endlessDiscoveryIsStopped() {
    AtomicInteger next = new AtomicInteger();
    Command<Long> greedy =
        command(List.of(ALICE), (state, read) -> Decision.readAlso(account("n" + next.incrementAndGet())));

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> executor.execute(greedy));

    assertTrue(error.getMessage().contains("at most"), error::getMessage);
  }

  @Test
  void theContextsCorrelationAndCausationIdsReachEveryEventWritten() {
    store.append(ALICE, ExpectedVersion.noStream(), List.of(EventData.of(new Deposited(100))));
    CommandContext context = CommandContext.of("corr-42", "cmd-7").with("user", "alice");

    executor.execute(new Transfer(ALICE, BOB, 30), context);

    List<RecordedEvent<?>> written = new ArrayList<>();
    written.add(store.readStream(ALICE).get(1));
    written.add(store.readStream(BOB).get(0));
    for (RecordedEvent<?> event : written) {
      Metadata metadata = event.metadata();
      assertEquals(Optional.of("corr-42"), metadata.correlationId(), event::describe);
      assertEquals(Optional.of("cmd-7"), metadata.causationId(), event::describe);
      assertEquals(Optional.of("alice"), metadata.get("user"), event::describe);
    }
  }

  @Test
  void commandsMustDeclareDistinctStreams() {
    assertThrows(
        IllegalArgumentException.class,
        () -> executor.execute(command(List.of(), (state, read) -> Decision.none())));
    assertThrows(
        IllegalArgumentException.class,
        () -> executor.execute(command(List.of(ALICE, ALICE), (state, read) -> Decision.none())));
    assertThrows(NullPointerException.class, () -> executor.execute(null));
  }

  /** A command on {@code streams} whose state is the number of events read. */
  static Command<Long> command(
      List<StreamId> streams, BiFunction<Long, StreamsRead, Decision> decide) {
    return new Command<>() {
      @Override
      public List<StreamId> streams() {
        return streams;
      }

      @Override
      public Long initialState() {
        return 0L;
      }

      @Override
      public Long evolve(Long count, RecordedEvent<?> event) {
        return count + 1;
      }

      @Override
      public Decision decide(Long count, StreamsRead read) {
        return decide.apply(count, read);
      }
    };
  }

}
