package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/**
 * A store that encodes payloads reads each one back when it is appended and refuses what would read
 * back different: a value the codec would silently turn into another (a {@code Long} under a
 * property declared {@code Object} reads back an {@code Integer}) must fail its append, not change
 * on its way through the store.
 */
class ReadBackEqualTest {
  private static final StreamId STREAM = StreamId.of("readback-1");

  record Untyped(Object value) {}

  record Attributes(Map<String, Object> values) {}

  record Dates(OffsetDateTime offset, ZonedDateTime zoned, Instant instant, LocalDate day,
      Duration took) {}

  /** A record with an array: its own equals is identity on the array. */
  record Blob(String name, byte[] data) {}

  /** A class without equals: compared property by property. */
  public static final class Bean {
    public String name = "b";
    public List<Integer> counts = List.of(1, 2);
  }

  record Sets(Set<String> names) {}

  /** A type id by class name under Object: the default mappers write it and refuse to read it. */
  record Typed(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object value) {}

  private static InMemoryEventStore store(EventCodec codec) {
    return InMemoryEventStore.builder().codec(codec).build();
  }

  private static void assertRefused(InMemoryEventStore store, Object payload, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(payload))),
        () -> "accepted " + payload);
    assertTrue(e.getMessage().contains("back"), e.getMessage());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: "
          + e.getMessage());
    }
  }

  @Test
  void whatWouldReadBackAsAnotherValueIsRefusedNamingWhereAndHow() {
    for (EventCodec codec : List.of(JacksonCodec.json(), JacksonCodec.cbor())) {
      try (InMemoryEventStore store = store(codec)) {
        assertRefused(store, new Untyped(5L), "at $.value", "java.lang.Long", "Integer");
        assertRefused(store, new Untyped(new Untyped("inner")), "at $.value", "$Untyped",
            "map");
        if (codec.format() == EventCodec.Format.JSON) { // CBOR keeps a float a float
          assertRefused(store, new Untyped(1.5f), "java.lang.Float", "Double");
        }
        assertRefused(store, new Untyped(Set.of("a")), "at $.value");
        assertRefused(store, new Attributes(Map.of("count", 5L)), "at $.values.count",
            "java.lang.Long");
        assertRefused(store, new Attributes(Map.of("list", List.of(1, 2L))),
            "at $.values.list[1]");
        assertEquals(0, store.eventCount(), "nothing refused was written");
      }
    }
  }

  @Test
  void whatOnlyTheReadBackShowsIsRefusedNamingBothValues() {
    // Jackson's own default moves an offset date to UTC on reading: only reading it back shows it
    try (InMemoryEventStore store = store(JacksonCodec.json(JsonMapper.builder().build()))) {
      Dates dates = new Dates(OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.ofHours(2)),
          ZonedDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC), Instant.EPOCH,
          LocalDate.of(2026, 12, 7), Duration.ZERO);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(dates))));
      assertTrue(e.getMessage().startsWith("event "), e.getMessage());
      assertTrue(e.getMessage().contains("does not read back equal through codec 'json', so it is"
          + " refused: written as java.time.OffsetDateTime 2026-12-07T10:00+02:00, read back as"
          + " java.time.OffsetDateTime 2026-12-07T08:00Z at $.offset"), e.getMessage());
      assertEquals(0, store.eventCount());
    }
  }

  @Test
  void aTypeIdTheDefaultReaderRefusesIsRefusedWithOrWithoutACodec() {
    Typed typed = new Typed(new Sets(Set.of("a")));
    try (InMemoryEventStore plain = new InMemoryEventStore()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> plain.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(typed))));
      assertTrue(e.getMessage().contains("@JsonTypeInfo(use = CLASS)"), e.getMessage());
      assertTrue(e.getMessage().contains("at $.value"), e.getMessage());
      assertEquals(0, plain.eventCount());
    }
    for (EventCodec codec : List.of(JacksonCodec.json(), JacksonCodec.cbor())) {
      try (InMemoryEventStore store = store(codec)) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(typed))));
        assertTrue(e.getMessage().contains("back"), e.getMessage());
        assertTrue(e.getMessage().contains("(Typed)"), e.getMessage());
        assertEquals(0, store.eventCount());
      }
    }
  }

  @Test
  void datesKeepTheirOffsetAndZoneWithTheDefaultCodecs() {
    Dates dates = new Dates(OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.ofHours(2)),
        ZonedDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneId.of("Europe/Paris")),
        Instant.ofEpochSecond(1, 7), LocalDate.of(2026, 12, 7), Duration.ofMillis(1_500));
    for (EventCodec codec : List.of(JacksonCodec.json(), JacksonCodec.cbor())) {
      try (InMemoryEventStore store = store(codec)) {
        store.append(STREAM, ExpectedVersion.noStream(), List.of(EventData.of(dates)));
        assertEquals(dates, store.readStream(STREAM).get(0).payload(), codec.name());
      }
    }
  }

  @Test
  void valuesThatReadBackEqualButForTheirOwnEqualsAreAccepted() {
    try (InMemoryEventStore store = store(JacksonCodec.json())) {
      Blob blob = new Blob("b", new byte[] {1, 2, 3});
      Bean bean = new Bean();
      Sets sets = new Sets(new TreeSet<>(Set.of("b", "a")));
      store.append(STREAM, ExpectedVersion.noStream(),
          List.of(EventData.of(blob), EventData.of(bean), EventData.of(sets),
              EventData.of(new Untyped(List.of(1, "a", Map.of("k", true))))));
      List<?> read = store.readStream(STREAM).stream().map(e -> e.payload()).toList();
      assertTrue(Arrays.equals(blob.data(), ((Blob) read.get(0)).data()));
      assertEquals(bean.counts, ((Bean) read.get(1)).counts);
      assertEquals(sets, read.get(2));
      assertEquals(4, read.size());
    }
  }
}
