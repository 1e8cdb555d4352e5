package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.Metadata;
import dev.eventcore.StreamId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionTest {
  private static final StreamId A = StreamId.of("account", "a");
  private static final StreamId B = StreamId.of("account", "b");

  @Test
  void appendWrapsPayloadsAndKeepsEventDataAsGiven() {
    EventData<String> given = EventData.of("second", Metadata.empty().with("k", "v"));
    Decision.Write write = Decision.append(A, "first", given);
    List<EventData<?>> events = write.events().get(A);
    assertEquals("first", events.get(0).payload());
    assertSame(given, events.get(1));
  }

  @Test
  void andAddsStreamsInOrderAndAppendsToAStreamAlreadyWritten() {
    Decision.Write write = Decision.append(A, "a1").and(B, "b1").and(A, List.of("a2"));
    assertEquals(List.of(A, B), List.copyOf(write.events().keySet()));
    assertEquals(2, write.events().get(A).size());
    assertEquals("a2", write.events().get(A).get(1).payload());
  }

  @Test
  void noneAndEmptyListsWriteNothing() {
    assertTrue(Decision.none().isEmpty());
    assertTrue(Decision.append(A, List.of()).isEmpty());
    assertFalse(Decision.append(A, "x").isEmpty());
  }

  @Test
  void readAlsoNeedsAtLeastOneStream() {
    assertEquals(Set.of(A, B), Decision.readAlso(A, B).streams());
    assertThrows(IllegalArgumentException.class, Decision::readAlso);
  }

  @Test
  void nullsAreRejectedByName() {
    NullPointerException stream =
        assertThrows(NullPointerException.class, () -> Decision.append(null, "x"));
    assertEquals("stream", stream.getMessage());
    assertThrows(NullPointerException.class, () -> Decision.append(A, "x", null));
  }
}
