package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.ProjectionRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two runners, each fed by its own projection runner, hold and write steps for the same instances
 * while four clients ping them: their shared appends conflict with each other's, and every ping's
 * step is still written exactly once, in ping order per instance.
 */
class HeldStepsRaceTest {
  private static final int INSTANCES = 40;
  private static final int PINGS = 15;

  @RepeatedTest(10)
  void racingBatchedRunnersWriteEveryStepExactlyOnceInOrder() throws Exception {
    InMemoryEventStore store = new InMemoryEventStore(ScriptedSaga.TYPES);
    ScriptedSaga saga = new ScriptedSaga();
    ScriptedServices services = new ScriptedServices(store);
    List<SagaRunner<ScriptedSaga.Flow>> runners = new ArrayList<>();
    List<ProjectionRunner> projections = new ArrayList<>();
    try {
      for (int r = 0; r < 2; r++) {
        SagaRunner<ScriptedSaga.Flow> runner = SagaRunner.builder(store, saga, services)
            .tickInterval(Duration.ofMillis(5)).concurrency(2).build();
        runner.start();
        ProjectionRunner projection =
            ProjectionRunner.builder(store, new InMemoryCheckpointStore()).build();
        projection.register(runner.projection());
        projection.start("saga-scripted");
        runners.add(runner);
        projections.add(projection);
      }
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        clients.add(new Thread(() -> {
          for (int p = 0; p < PINGS; p++) {
            for (int i = first; i < INSTANCES; i += 4) {
              ScriptedSaga.ping(store, "k" + i, "note");
            }
          }
        }));
      }
      clients.forEach(Thread::start);
      for (Thread client : clients) {
        client.join();
      }
      GlobalPosition end = store.readAll(GlobalPosition.START, 1_000_000).stream()
          .map(RecordedEvent::position).reduce((a, b) -> b).orElseThrow();
      for (ProjectionRunner projection : projections) {
        // the runners write saga streams too: wait for the pings, then for quiet
        assertTrue(projection.awaitPosition("saga-scripted", end, Duration.ofSeconds(60)));
      }
    } finally {
      projections.forEach(ProjectionRunner::close);
      runners.forEach(SagaRunner::close);
    }
    SagaRunner<ScriptedSaga.Flow> reader = SagaRunner.builder(store, saga, services).build();
    for (int i = 0; i < INSTANCES; i++) {
      String key = "k" + i;
      List<String> notes = reader.instance(key).state().notes();
      assertEquals(PINGS, notes.size(), key + ": every ping's step once: " + notes);
      List<RecordedEvent<?>> pings = store.readStream(StreamId.of("ping", key));
      List<String> stepped = new ArrayList<>();
      for (RecordedEvent<?> event : store.readStream(reader.instance(key).stream())) {
        if (event.payload() instanceof SagaEvent.StepTaken taken) {
          stepped.add(taken.triggerId());
        }
      }
      List<String> expected = pings.stream().map(event -> event.id().toString()).toList();
      assertEquals(expected, stepped, key + ": steps in the order of its pings");
    }
  }
}
