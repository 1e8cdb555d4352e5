package dev.eventcore.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamDeleted;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an observer adds to appends, it adds to a deletion's tombstone too. */
class DeletionObservationTest {
  record Added(int n) {}

  private static final StreamId STREAM = StreamId.of("sum", "1");

  @Test
  void aDeletionsTombstoneCarriesTheObserversEntriesAsEveryAppendDoes() {
    Observer tracing = new Observer() {
      @Override
      public Metadata appendMetadata() {
        return Metadata.empty().with("traceparent", "00-trace-span-01");
      }
    };
    try (InMemoryEventStore traced = new InMemoryEventStore(
        EventTypes.of(Added.class), StoreLimits.defaults(), Clock.systemUTC(), tracing)) {
      traced.append(STREAM, ExpectedVersion.noStream(), List.of(EventData.of(new Added(1))));
      AppendResult deleted = traced.deleteStream(STREAM, ExpectedVersion.any());
      List<RecordedEvent<?>> log = traced.readAll(GlobalPosition.START, 10);
      RecordedEvent<?> tombstone = log.get(log.size() - 1);
      assertEquals(deleted.lastPosition(), tombstone.position());
      assertEquals(new StreamDeleted(Deletion.SOFT), tombstone.payload());
      assertEquals(Map.of("traceparent", "00-trace-span-01"), tombstone.metadata().entries());
    }
  }
}
