package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdTest {

  private static long millisOf(EventId id) {
    return id.value().getMostSignificantBits() >>> 16;
  }

  @Test
  void randomIdsAreUuidVersion7WithTheRfc9562Variant() {
    for (int i = 0; i < 1_000; i++) {
      UUID uuid = EventId.random().value();
      assertEquals(7, uuid.version(), uuid::toString);
      assertEquals(2, uuid.variant(), uuid::toString); // 0b10: RFC 4122 / 9562
      assertEquals('7', uuid.toString().charAt(14));
      assertTrue("89ab".indexOf(uuid.toString().charAt(19)) >= 0, uuid::toString);
    }
  }

  @Test
  void randomIdsCarryTheCurrentUnixMillis() {
    long before = System.currentTimeMillis();
    EventId id = EventId.random();
    long after = System.currentTimeMillis();
    assertTrue(millisOf(id) >= before && millisOf(id) <= after, id::toString);
  }

  @Test
  void idsMadeInLaterMillisecondsSortLater() throws InterruptedException {
    EventId previous = EventId.random();
    for (int i = 0; i < 20; i++) {
      long millis = System.currentTimeMillis();
      while (System.currentTimeMillis() == millis) {
        Thread.sleep(0, 200_000);
      }
      EventId next = EventId.random();
      assertTrue(millisOf(next) > millisOf(previous), previous + " then " + next);
      assertTrue(
          Long.compareUnsigned(
                  previous.value().getMostSignificantBits(), next.value().getMostSignificantBits())
              < 0,
          previous + " then " + next);
      assertTrue(previous.toString().compareTo(next.toString()) < 0, previous + " then " + next);
      previous = next;
    }
  }

  @Test
  void randomIdsAreUniqueOver100kDraws() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertTrue(seen.add(EventId.random().value()), "duplicate after " + i + " draws");
    }
  }

  @Test
  void parsesItsOwnTextBack() {
    EventId id = EventId.random();
    assertEquals(id, EventId.parse(id.toString()));
    assertEquals(id, EventId.parse(id.toString().toUpperCase(java.util.Locale.ROOT)));
    assertEquals(id.value().toString(), id.toString());
  }

  @Test
  void parseRejectsNullNamingTheArgument() {
    assertEquals(
        "text", assertThrows(NullPointerException.class, () -> EventId.parse(null)).getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not-a-uuid",
        "0190a8c2-3b4e-7d6f-8a9b-0c1d2e3f4a5g",
        "0190a8c2-3b4e-7d6f-8a9b-0c1d2e3f4a5b0",
        "0190a8c2x3b4e-7d6f-8a9b-0c1d2e3f4a5b",
        "1-1-1-1-1",
        " 0190a8c2-3b4e-7d6f-8a9b-0c1d2e3f4a5b"
      })
  void parseRejectsTextThatIsNotACanonicalUuidQuotingIt(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EventId.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("UUID"), e.getMessage());
  }

  @Test
  void rejectsANullUuidNamingTheArgument() {
    assertEquals(
        "value", assertThrows(NullPointerException.class, () -> EventId.of(null)).getMessage());
  }

  @Test
  void equalUuidsMakeEqualIds() {
    UUID uuid = UUID.randomUUID();
    assertEquals(EventId.of(uuid), new EventId(uuid));
    assertEquals(EventId.of(uuid).hashCode(), new EventId(uuid).hashCode());
  }
}
