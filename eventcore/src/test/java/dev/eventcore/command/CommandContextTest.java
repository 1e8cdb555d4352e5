package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandContextTest {

  @Test
  void stampAddsTheContextUnderTheEventsOwnMetadata() {
    CommandContext context = CommandContext.of("corr-1", "cause-1").with("user", "alice");
    EventData<String> event = EventData.of("x", Metadata.empty().with("user", "bob"));
    EventData<String> stamped = context.stamp(event);
    assertEquals(Optional.of("corr-1"), stamped.metadata().correlationId());
    assertEquals(Optional.of("cause-1"), stamped.metadata().causationId());
    assertEquals(Optional.of("bob"), stamped.metadata().get("user"));
    assertEquals(event.id(), stamped.id());
  }

  @Test
  void anEmptyContextLeavesEventsAlone() {
    EventData<String> event = EventData.of("x");
    assertSame(event, CommandContext.empty().stamp(event));
  }

  @Test
  void causedByCarriesTheCorrelationAndNamesTheEventAsCause() {
    RecordedEvent<String> correlated = recorded(Metadata.empty().withCorrelationId("flow-9"));
    CommandContext next = CommandContext.causedBy(correlated);
    assertEquals(Optional.of("flow-9"), next.correlationId());
    assertEquals(Optional.of(correlated.id().toString()), next.causationId());

    RecordedEvent<String> first = recorded(Metadata.empty());
    CommandContext started = CommandContext.causedBy(first);
    assertEquals(Optional.of(first.id().toString()), started.correlationId());
  }

  @Test
  void nullIdsAreRejected() {
    assertThrows(NullPointerException.class, () -> CommandContext.of(null, "x"));
    assertThrows(NullPointerException.class, () -> new CommandContext(null));
  }

  private static RecordedEvent<String> recorded(Metadata metadata) {
    return new RecordedEvent<>(
        GlobalPosition.of(1), StreamId.of("s-1"), Version.of(1), EventId.random(), "String", "p",
        metadata, Instant.EPOCH);
  }
}
