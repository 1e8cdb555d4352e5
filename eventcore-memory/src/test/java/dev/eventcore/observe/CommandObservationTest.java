package dev.eventcore.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandConflictException;
import dev.eventcore.command.Decider;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.spi.DelegatingEventStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a command's end is told to the observer: its scope, its outcome, attempts and duration. */
class CommandObservationTest {
  record Added(int n) {}

  record Add(int n) {}

  private static final StreamId STREAM = StreamId.of("sum", "1");
  private static final Decider<Add, Integer, Added> SUM = Decider.of(0,
      (sum, added) -> sum + added.n(),
      (add, sum) -> {
        if (add.n() == 0) {
          throw new IllegalStateException("a bug in decide");
        }
        return List.of(new Added(add.n()));
      });

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final ScopeRecorder scopes = new ScopeRecorder();
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final List<Long> durations = new CopyOnWriteArrayList<>();
  private final Observer commands = new Observer() {
    @Override
    public void commandHandled(String command, CommandOutcome outcome, int attempts, long nanos) {
      handled.add(command + " " + outcome + " " + attempts);
      durations.add(nanos);
    }
  };

  @AfterEach
  void close() {
    store.close();
  }

  private AggregateRepository<Add, Integer, Added> sums(EventStore on) {
    return AggregateRepository.builder(on, SUM, Added.class)
        .observer(Observer.of(scopes, commands))
        .cacheSize(0)
        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(2))
        .sleeper(duration -> {})
        .build();
  }

  @Test
  void aCommandThatKeptConflictingFailsItsScopeAndIsReportedAsAConflictWithItsAttempts() {
    EventStore racing = new DelegatingEventStore(store) {
      @Override
      public AppendResult append(
          StreamId id, ExpectedVersion expected, List<? extends EventData<?>> events) {
        // another writer gets in first, every time
        store.append(id, ExpectedVersion.any(), List.of(EventData.of(new Added(100))));
        return super.append(id, expected, events);
      }
    };

    assertThrows(CommandConflictException.class, () -> sums(racing).handle(STREAM, new Add(1)));

    assertEquals(List.of("Add CONFLICT 2"), handled);
    assertTrue(scopes.log.contains("failed COMMAND CommandConflictException"),
        scopes.log::toString);
  }

  @Test
  void aCommandThatFailedWithAnErrorFailsItsScopeAndIsReportedAsAnError() {
    assertThrows(IllegalStateException.class, () -> sums(store).handle(STREAM, new Add(0)));

    assertEquals(List.of("Add ERROR 1"), handled);
    assertTrue(scopes.log.contains("failed COMMAND IllegalStateException"), scopes.log::toString);
  }

  @Test
  void theReportedDurationIsTheTimeTheCommandTook() {
    long before = System.nanoTime();
    sums(store).handle(STREAM, new Add(1));
    long took = System.nanoTime() - before;

    assertEquals(List.of("Add OK 1"), handled);
    long reported = durations.get(0);
    assertTrue(reported >= 0 && reported <= took, reported + " ns reported, " + took + " ns taken");
  }
}
