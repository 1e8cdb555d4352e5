package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.saga.SagaEvent;
import dev.eventcore.serialization.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The saga's dispatch marker keeps its optional rejection through the store's JSON codec. */
class SagaMarkerJsonTest {
  private final JsonCodec codec =
      new JsonCodec(JsonMapper.builder().build(), EventTypes.of(SagaEvent.class), 10_000);

  private SagaEvent.CommandDispatched roundTrip(SagaEvent.CommandDispatched marker) {
    String json = codec.encodePayload(marker, () -> "marker").json();
    return read(json);
  }

  private SagaEvent.CommandDispatched read(String json) {
    return (SagaEvent.CommandDispatched) codec.decodePayload("CommandDispatched", 1,
        json.getBytes(StandardCharsets.UTF_8), () -> "stored marker");
  }

  @Test
  void aRejectionReasonRoundTrips() {
    SagaEvent.CommandDispatched rejected =
        new SagaEvent.CommandDispatched("c-1", Optional.of("out of stock"));
    assertEquals(rejected, roundTrip(rejected));
  }

  @Test
  void anAcceptedCommandRoundTripsWithoutAReason() {
    SagaEvent.CommandDispatched accepted = new SagaEvent.CommandDispatched("c-1", Optional.empty());
    assertEquals(accepted, roundTrip(accepted));
  }

  @Test
  void aMarkerStoredWithAnEmptyReasonReadsAsAccepted() {
    assertEquals(new SagaEvent.CommandDispatched("c-1", Optional.empty()),
        read("{\"commandId\":\"c-1\",\"rejection\":\"\"}"));
  }
}
