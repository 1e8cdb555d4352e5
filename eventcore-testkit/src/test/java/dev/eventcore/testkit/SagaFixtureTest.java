package dev.eventcore.testkit;

import dev.eventcore.serialization.EventTypes;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.saga.Saga;
import dev.eventcore.saga.SagaStep;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class SagaFixtureTest {
  record Ping(int n) {}

  record Pinged(int n) {}

  record Pong(int n) {}

  /** Answers each ping with a pong; completes after three; gives up on a timeout. */
  static final class PingSaga implements Saga<Integer, Pinged> {
    @Override
    public String name() {
      return "ping";
    }

    @Override
    public EventFilter filter() {
      return EventTypes.of(Ping.class).asFilter();
    }

    @Override
    public Class<Pinged> eventType() {
      return Pinged.class;
    }

    @Override
    public Integer initialState() {
      return 0;
    }

    @Override
    public Integer evolve(Integer count, Pinged event) {
      return count + 1;
    }

    @Override
    public SagaStep<Pinged> react(Integer count, RecordedEvent<?> event) {
      int n = event.payloadAs(Ping.class).n();
      SagaStep<Pinged> step = SagaStep.record(new Pinged(n)).dispatch(new Pong(n));
      return count == 2 ? step.complete() : step.schedule("idle", Duration.ofMinutes(1));
    }

    @Override
    public SagaStep<Pinged> onTimeout(Integer count, String name) {
      return SagaStep.<Pinged>none().complete();
    }
  }

  static final SagaFixture<Integer, Pinged> PING = SagaFixture.of(new PingSaga());

  @Test
  void aStepIsCheckedForItsFactsCommandsTimeoutsAndState() {
    PING.given(new Ping(1))
        .when(new Ping(2))
        .thenRecorded(new Pinged(2))
        .thenDispatched(new Pong(2))
        .thenScheduled("idle")
        .thenNotCompleted()
        .thenState(2);
  }

  @Test
  void theThirdPingCompletes() {
    PING.given(new Ping(1), new Ping(2)).when(new Ping(3)).thenCompleted().thenScheduled();
  }

  @Test
  void timeoutsAndRejectionsAreTriggersToo() {
    PING.given(new Ping(1)).whenTimeout("idle").thenCompleted().thenDispatched();
    PING.given(new Ping(1)).whenRejected(new Pong(1), "no").thenNothing();
  }

  @Test
  void aWrongExpectationFailsWithBothSides() {
    assertThrows(AssertionFailedError.class,
        () -> PING.given().when(new Ping(1)).thenDispatched(new Pong(9)));
  }
}
