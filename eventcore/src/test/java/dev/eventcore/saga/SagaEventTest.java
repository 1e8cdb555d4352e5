package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SagaEventTest {

  @Test
  void anAcceptedCommandsMarkerHasNoRejection() {
    assertEquals(Optional.empty(),
        new SagaEvent.CommandDispatched("c1", Optional.empty()).rejection());
  }

  @Test
  void aRejectedCommandsMarkerKeepsItsReason() {
    assertEquals(Optional.of("out of stock"),
        new SagaEvent.CommandDispatched("c1", Optional.of("out of stock")).rejection());
  }

  @Test
  void anEmptyReasonAsEarlyMarkersStoredItReadsAsAccepted() {
    assertEquals(new SagaEvent.CommandDispatched("c1", Optional.empty()),
        new SagaEvent.CommandDispatched("c1", Optional.of("")));
  }

  @Test
  void nullsAreRejectedWithTheirName() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> new SagaEvent.CommandDispatched(null, Optional.empty()));
    assertEquals("commandId", e.getMessage());
    e = assertThrows(NullPointerException.class,
        () -> new SagaEvent.CommandDispatched("c1", null));
    assertEquals("rejection", e.getMessage());
  }
}
