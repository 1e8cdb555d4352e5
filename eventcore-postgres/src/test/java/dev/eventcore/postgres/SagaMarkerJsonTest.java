package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.saga.SagaEvent;
import dev.eventcore.serialization.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The saga's dispatch marker keeps its optional rejection through the store's JSON codec. */
class SagaMarkerJsonTest {
  private final Codecs codec = Codecs.of(EventTypes.of(SagaEvent.class),
      Codecs.json(JsonMapper.builder().build()), List.of(), 10_000);

  private SagaEvent.CommandDispatched roundTrip(SagaEvent.CommandDispatched marker) {
    String json = codec.encode(marker, () -> "marker").json();
    return read(Objects.requireNonNull(json, "the JSON codec writes text"));
  }

  private SagaEvent.CommandDispatched read(String json) {
    return (SagaEvent.CommandDispatched) codec.decode("CommandDispatched", 1, "",
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
