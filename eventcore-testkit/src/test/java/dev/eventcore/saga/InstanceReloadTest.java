package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandContext;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.Projection;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An instance whose re-read after a conflict fails keeps its place: a later tick reads it again
 * and fires its due timeout (it used to leave the open, retrying and due instances until an event
 * for it came).
 */
class InstanceReloadTest {
  /** Fails the next read of a saga stream once armed. */
  static final class FlakyReads extends dev.eventcore.spi.DelegatingEventStore {
    volatile boolean failNext;

    FlakyReads(dev.eventcore.EventStore delegate) {
      super(delegate);
    }

    private void maybeFail(StreamId stream) {
      if (failNext && stream.category().startsWith("saga")) {
        failNext = false;
        throw new IllegalStateException("injected: transient read failure");
      }
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream) {
      maybeFail(stream);
      return super.readStream(stream);
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream, dev.eventcore.Version from,
        int maxCount) {
      maybeFail(stream);
      return super.readStream(stream, from, maxCount);
    }
  }

  @Test
  void aFailedReadAfterAConflictKeepsTheDueTimeout() {
    assertEquals(1, conflictThenTicks(true), "the due timeout fires at a later tick");
  }

  @Test
  void withoutTheReadFailureTheTimeoutFires() {
    assertEquals(1, conflictThenTicks(false));
  }

  private long conflictThenTicks(boolean failRead) {
    InMemoryEventStore memory = new InMemoryEventStore(ScriptedSaga.TYPES);
    FlakyReads store = new FlakyReads(memory);
    ManualClock clock = ManualClock.create();
    SagaRunner<ScriptedSaga.Flow> runner = SagaRunner.builder(store, new ScriptedSaga(),
        command -> CommandDispatcher.Outcome.accepted()).clock(clock).build();
    ScriptedSaga.ping(memory, "a", "after:t:10");
    runner.handle(memory.readAll(GlobalPosition.START, 1).get(0));
    // another writer on the instance's stream (another runner's record)
    memory.append(StreamId.of("saga_scripted", "a"), dev.eventcore.ExpectedVersion.any(),
        List.of(dev.eventcore.EventData.of(new ScriptedSaga.Noted("a", "elsewhere"))));
    clock.advance(Duration.ofSeconds(11));
    store.failNext = failRead;
    try {
      runner.tick(); // the timeout's step conflicts, the reload fails
    } catch (RuntimeException expected) {
      // the tick reports it; the next tick should try again
    }
    runner.tick();
    runner.tick();
    return runner.stats().timeoutsFired();
  }
}
