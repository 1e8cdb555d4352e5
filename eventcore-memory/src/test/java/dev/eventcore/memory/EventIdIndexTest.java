package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdIndexTest {

  @Test
  void findsEveryIdAddedAcrossGrowthAndNoOther() {
    AppendOnlyLog<RecordedEvent<?>> log = new AppendOnlyLog<>();
    EventIdIndex index = new EventIdIndex(log);
    List<EventId> ids = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      // ids that differ in one half only, and time-ordered ones, as UUIDv7 makes them
      EventId id = i % 3 == 0 ? EventId.of(new UUID(i, 7)) : i % 3 == 1
          ? EventId.of(new UUID(7, i)) : EventId.random();
      index.add(id, log.written());
      log.add(event(log.written(), id));
      ids.add(id);
    }
    log.publish();
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(i, index.find(ids.get(i)));
    }
    for (int i = 0; i < 1_000; i++) {
      assertEquals(-1, index.find(EventId.random()));
      assertEquals(-1, index.find(EventId.of(new UUID(i, 8))));
    }
  }

  private static RecordedEvent<?> event(int index, EventId id) {
    return new RecordedEvent<>(GlobalPosition.of(index + 1L), StreamId.of("s"),
        Version.of(index + 1L), id, "T", "payload", Metadata.empty(), Instant.EPOCH);
  }
}
