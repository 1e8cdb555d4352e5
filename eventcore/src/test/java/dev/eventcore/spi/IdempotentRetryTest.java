package dev.eventcore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that tells a retried append from a reuse of its event ids. */
class IdempotentRetryTest {
  private static final StreamId STREAM = StreamId.of("a-1");
  private static final PreparedAppend TWO_EVENTS = new PreparedAppend(List.of(new PreparedStream(
      STREAM, ExpectedVersion.any(), List.of(event(), event()))), 2);

  private static PreparedEvent event() {
    return new PreparedEvent(EventId.random(), "e", "x", Metadata.empty());
  }

  @Test
  void idsStoredInOrderAtTheVersionsTheAppendWouldGiveAreARetryWithTheOriginalResult() {
    AppendResult result = IdempotentRetry.result(TWO_EVENTS, new IdempotentRetry.Stored[] {
        new IdempotentRetry.Stored("a-1", 4, 10, true),
        new IdempotentRetry.Stored("a-1", 5, 11, true)}, (part, first) -> Version.NONE);

    assertEquals(Version.of(5), result.version(STREAM));
    assertEquals(GlobalPosition.of(10), result.firstPosition());
    assertEquals(GlobalPosition.of(11), result.lastPosition());
  }

  @Test
  void anIdStoredAtAnotherVersionIsNotARetryAndTheMessageSaysWhereEachWouldBe() {
    DuplicateEventIdException e = assertThrows(DuplicateEventIdException.class,
        () -> IdempotentRetry.result(TWO_EVENTS, new IdempotentRetry.Stored[] {
            new IdempotentRetry.Stored("a-1", 4, 10, true),
            new IdempotentRetry.Stored("a-1", 7, 11, true)}, (part, first) -> Version.NONE));

    assertTrue(e.getMessage().contains("stored at a-1@7 (position 11), not at a-1@5"),
        e.getMessage());
  }
}
