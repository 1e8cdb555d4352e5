package dev.eventcore.jackson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresTestDatabase;
import dev.eventcore.serialization.EventTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An application on Jackson 2 passes its own mapper to the PostgreSQL store: its events are stored
 * as the same jsonb as the default codec's, and a store on either codec reads the other's.
 */
class Jackson2PostgresTest {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule()).addModule(new Jdk8Module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
  private static final StreamId STREAM = StreamId.of("payment-1");

  /** The application's events. */
  sealed interface PaymentEvent {}

  /** A payment, with java.time, Optional and an exact amount. */
  record Paid(String id, BigDecimal amount, Instant at, Optional<String> note)
      implements PaymentEvent {}

  private static PostgresEventStore.Builder builder(PostgresTestDatabase db) {
    return PostgresEventStore.builder().jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(db.schema()).eventTypes(EventTypes.of(PaymentEvent.class)).maxPoolSize(3);
  }

  private static List<Object> payloads(List<RecordedEvent<?>> events) {
    List<Object> payloads = new ArrayList<>();
    events.forEach(event -> payloads.add(event.payload()));
    return payloads;
  }

  @Test
  void eventsRoundTripThroughPostgresAndReadWithTheJackson3CodecToo() throws Exception {
    Paid first = new Paid("p-1", new BigDecimal("12.50"), Instant.parse("2026-12-05T10:00:00Z"),
        Optional.of("€ \ud83d\ude00"));
    Paid second = new Paid("p-2", new BigDecimal("1E-7"), Instant.EPOCH, Optional.empty());
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      try (PostgresEventStore store = builder(db).codec(Jackson2Codec.json(MAPPER)).build()) {
        store.append(STREAM, ExpectedVersion.noStream(), List.of(EventData.of(first)));
        assertEquals(List.of(first), payloads(store.readStream(STREAM)));
      }
      try (PostgresEventStore jackson3 = builder(db).build()) {
        jackson3.append(STREAM, ExpectedVersion.exactly(dev.eventcore.Version.of(1)),
            List.of(EventData.of(second)));
      }
      try (PostgresEventStore store = builder(db).codec(Jackson2Codec.json(MAPPER)).build()) {
        assertEquals(List.of(first, second),
            payloads(store.readAll(GlobalPosition.START, 10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(
                new Paid("p-3", BigDecimal.ONE, Instant.EPOCH, null)))));
        assertTrue(e.getMessage().contains("Optional.empty()"), e.getMessage());
      }
    }
  }
}
