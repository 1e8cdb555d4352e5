package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small values a command works with: what it read, a loaded state, a rejection. */
class CommandValuesTest {
  private static final StreamId A = StreamId.of("a-1");
  private static final StreamId B = StreamId.of("b-1");

  @Test
  void streamsReadContainAllOfASetOnlyWhenEveryOneWasRead() {
    StreamsRead read = new StreamsRead(Map.of(A, Version.of(2)));

    assertTrue(read.containsAll(Set.of(A)));
    assertTrue(read.containsAll(Set.of()));
    assertFalse(read.containsAll(Set.of(A, B)));
    assertFalse(read.containsAll(Set.of(B)));
  }

  @Test
  void aStateIsNewOnlyBeforeItsFirstEvent() {
    assertTrue(new AggregateState<>(A, Version.NONE, "s", Version.NONE).isNew());
    assertFalse(new AggregateState<>(A, Version.of(1), "s", Version.NONE).isNew());
  }

  @Test
  void aRejectionSaysWhyInItsMessageAndNeedsAReason() {
    CommandRejectedException rejected = new CommandRejectedException("insufficient funds");

    assertEquals("command rejected: insufficient funds", rejected.getMessage());
    assertEquals("insufficient funds", rejected.reason());
    assertThrows(IllegalArgumentException.class, () -> new CommandRejectedException(" "));
  }
}
