package dev.eventcore.projection;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryDeadLetterStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/**
 * What the dead-letter replay tests share: an in-memory store, a runner that dead-letters a
 * failing event at once, and a projection that fails on the texts in {@code broken}.
 */
abstract class ReplayFixture {
  static final StreamId STREAM = StreamId.of("replay", "1");

  final InMemoryEventStore store = new InMemoryEventStore();
  final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
  final ProjectionLease lease = ProjectionLease.inProcess();
  final Set<String> broken = ConcurrentHashMap.newKeySet();
  final List<String> applied = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStore() {
    store.close();
  }

  ProjectionRunner runner() {
    return ProjectionRunner.builder(store, checkpoints).lease(lease)
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))
        .tick(Duration.ofMillis(5)).build();
  }

  static String text(RecordedEvent<?> event) {
    return ((ContractEvent.Noted) event.payload()).text();
  }

  Projection projection() {
    return Projection.of("p", (RecordedEvent<?> event) -> {
      if (broken.contains(text(event))) {
        throw new IllegalStateException("planned failure of " + text(event));
      }
      applied.add(text(event));
    });
  }

  GlobalPosition write(String... texts) {
    GlobalPosition last = GlobalPosition.START;
    for (String text : texts) {
      last = store.append(STREAM, ExpectedVersion.any(),
          List.of(EventData.of(new ContractEvent.Noted(text)))).lastPosition();
    }
    return last;
  }

}
