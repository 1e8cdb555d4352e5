package dev.eventcore.saga;

import static dev.eventcore.saga.SagaHarness.count;
import static dev.eventcore.saga.SagaHarness.done;
import static dev.eventcore.saga.SagaHarness.payloads;
import static dev.eventcore.saga.SagaHarness.request;
import static dev.eventcore.saga.SagaHarness.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.testkit.ForwardingEventStore;
import dev.eventcore.testkit.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In-step decisions through an {@code AggregateRepository} whose cache learns the outcome of the
 * steps' appends ({@link CommandDispatcher#committedInStep}, {@link
 * CommandDispatcher#conflictInStep}).
 */
class InStepRepositoryTest {
  private static final StreamId LEDGER = InStepServices.ledger("b1");

  private final InMemoryEventStore memory = new InMemoryEventStore(SagaHarness.TYPES);
  private final AtomicInteger ledgerReads = new AtomicInteger();
  private final ForwardingEventStore store = new ForwardingEventStore(memory) {
    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount) {
      if (stream.category().equals("ledger")) {
        ledgerReads.incrementAndGet();
      }
      return super.readStream(stream, from, maxCount);
    }
  };

  @AfterEach
  void close() {
    memory.close();
  }

  private SagaRunner<Booking.State> runner(LedgerRepositoryServices services) {
    return SagaRunner.builder(store, new Booking(), services).clock(ManualClock.create()).build();
  }

  @Test
  void reportedOutcomesLetEveryLaterDecisionDecideWithoutReading() {
    LedgerRepositoryServices services = new LedgerRepositoryServices(store, true);
    SagaRunner<Booking.State> runner = runner(services);
    request(store, "b1");
    settle(store, runner, GlobalPosition.START);

    assertTrue(runner.instance("b1").completed());
    assertEquals(done("b1", 1, 2, 3), payloads(memory, LEDGER));
    assertEquals(0, ledgerReads.get(), "the new ledger is assumed new, then known: never read");
  }

  @Test
  void withoutReportsEveryDecisionAfterTheFirstReadsTheLedgersTail() {
    LedgerRepositoryServices services = new LedgerRepositoryServices(store, false);
    SagaRunner<Booking.State> runner = runner(services);
    request(store, "b1");
    settle(store, runner, GlobalPosition.START);

    assertEquals(done("b1", 1, 2, 3), payloads(memory, LEDGER));
    assertEquals(2, ledgerReads.get(), "the first decision assumes the ledger new; each later one"
        + " reads its tail");
  }

  @Test
  void aConflictOnTheLedgerRefreshesItAndTheStepCommitsOnTheNextAttempt() {
    LedgerRepositoryServices services = new LedgerRepositoryServices(store, true);
    AtomicInteger raced = new AtomicInteger();
    services.afterDeciding = command -> {
      if (command.command().equals(new Booking.Do("b1", 2)) && raced.getAndIncrement() == 0) {
        memory.append(LEDGER, ExpectedVersion.any(),
            List.of(EventData.of(new InStepServices.Undone("b1", 99))));
      }
    };
    SagaRunner<Booking.State> runner = runner(services);
    request(store, "b1");
    settle(store, runner, GlobalPosition.START);

    List<Object> expected = new ArrayList<>(done("b1", 1));
    expected.add(new InStepServices.Undone("b1", 99));
    expected.addAll(done("b1", 2, 3));
    assertEquals(expected, payloads(memory, LEDGER));
    assertEquals(2, raced.get(), "Do 2 decided twice: on the stale state, then on the new one");
    assertEquals(4, count(memory, runner.instance("b1").stream(), SagaEvent.StepTaken.class));
    assertEquals(1, ledgerReads.get(), "only the decision after the conflict");
  }

  @Test
  void aRejectionOnAStaleCachedLedgerIsCheckedAgainstItsTail() {
    LedgerRepositoryServices services = new LedgerRepositoryServices(store, true);
    services.refuseStep2At = 1;
    SagaRunner<Booking.State> runner = runner(services);
    request(store, "b1");
    runner.handle(memory.readAll(GlobalPosition.START, 1).get(0)); // Do 1 committed and cached
    memory.append(LEDGER, ExpectedVersion.any(),
        List.of(EventData.of(new InStepServices.Undone("b1", 99)))); // unknown to the cache

    settle(store, runner, GlobalPosition.START);

    assertTrue(runner.instance("b1").completed());
    assertEquals("", runner.instance("b1").state().outcome(), "step 2 was not refused");
    assertEquals(0, runner.stats().commandsRejected());
    List<Object> ledger = payloads(memory, LEDGER);
    assertEquals(done("b1", 2, 3), ledger.subList(2, ledger.size()));
  }
}
