package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A closed store refuses the reads it served while open, rather than answering from memory. */
class ClosedStoreReadsTest {
  private static final StreamId STREAM = StreamId.of("order", "1");

  @Test
  void backwardsReadsPositionLookupsAndCorrelatedReadsAreRefusedOnceClosed() {
    InMemoryEventStore store = new InMemoryEventStore();
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of("placed")));
    assertEquals(1, store.readStreamBackwards(STREAM, Version.of(1), 10).size());
    store.close();

    assertClosed(() -> store.readStreamBackwards(STREAM, Version.of(1), 10));
    assertClosed(() -> store.positionAt(Instant.now()));
    assertClosed(() -> store.readCorrelated("c-1", GlobalPosition.START, 10));
  }

  private static void assertClosed(Executable read) {
    IllegalStateException e = assertThrows(IllegalStateException.class, read);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }
}
