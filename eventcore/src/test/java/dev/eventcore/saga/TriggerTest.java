package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TriggerTest {
  private static RecordedEvent<String> event(EventId id, Metadata metadata) {
    return new RecordedEvent<>(GlobalPosition.of(3), StreamId.of("order-1"), Version.of(1), id,
        "T", "payload", metadata, Instant.EPOCH);
  }

  @Test
  void theHalvesOfASplitEventAreDistinctStepsAndAPlainEventIsKeyedByItsId() {
    EventId id = EventId.random();
    String first =
        new Trigger.Event(event(id, Metadata.empty().with(RecordedEvent.PART_KEY, "1/2"))).id();
    String second =
        new Trigger.Event(event(id, Metadata.empty().with(RecordedEvent.PART_KEY, "2/2"))).id();
    assertNotEquals(first, second, "a saga must not take the second half as already handled");
    assertEquals(id.toString(), new Trigger.Event(event(id, Metadata.empty())).id());
  }
}
