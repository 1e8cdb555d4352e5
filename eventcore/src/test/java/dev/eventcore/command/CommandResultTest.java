package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandResultTest {
  private static final StreamId A = StreamId.of("a-1");

  @Test
  void namesStreamsVersionsEventsAndAttempts() {
    EventData<String> event = EventData.of("x");
    CommandResult result =
        new CommandResult(Map.of(A, Version.of(3)), Map.of(A, List.of(event)), 2);
    assertEquals(Version.of(3), result.version(A));
    assertEquals(List.of(event), result.eventsWritten());
    assertEquals(2, result.attempts());
    assertFalse(result.wroteNothing());
    assertThrows(IllegalArgumentException.class, () -> result.version(StreamId.of("b-1")));
  }

  @Test
  void isConsistent() {
    assertTrue(new CommandResult(Map.of(), Map.of(), 1).wroteNothing());
    assertThrows(IllegalArgumentException.class, () -> new CommandResult(Map.of(), Map.of(), 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CommandResult(Map.of(A, Version.of(1)), Map.of(), 1));
  }

  @Test
  void aRejectionNeedsAReasonAndIsNeverRetryable() {
    CommandRejectedException rejected = new CommandRejectedException("insufficient funds");
    assertEquals("insufficient funds", rejected.reason());
    assertFalse(rejected.isRetryable());
    assertThrows(IllegalArgumentException.class, () -> new CommandRejectedException(" "));
  }
}
