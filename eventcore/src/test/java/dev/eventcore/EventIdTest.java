package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  void idsMadeInOneJvmSortInCreationOrderWithinAMillisecond() {
    // 2,000 ids from a fresh millisecond: fewer than the 4,096 its counter orders
    awaitNextMillisecond();
    EventId previous = EventId.random();
    for (int i = 0; i < 2_000; i++) {
      EventId next = EventId.random();
      assertTrue(previous.value().compareTo(next.value()) < 0, previous + " then " + next);
      assertTrue(previous.toString().compareTo(next.toString()) < 0, previous + " then " + next);
      previous = next;
    }
  }

  @Test
  void idsMadeConcurrentlyAreUniqueAndOrderedPerThread() throws Exception {
    int threads = 4;
    awaitNextMillisecond(); // 2,000 ids in all: no millisecond's counter runs out
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<UUID>>> made = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        made.add(pool.submit(() -> {
          start.await();
          List<UUID> ids = new ArrayList<>();
          for (int i = 0; i < 500; i++) {
            ids.add(EventId.random().value());
          }
          return ids;
        }));
      }
      start.countDown();
      Set<UUID> seen = new HashSet<>();
      for (Future<List<UUID>> future : made) {
        List<UUID> ids = future.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < ids.size(); i++) {
          assertTrue(seen.add(ids.get(i)), "duplicate " + ids.get(i));
          if (i > 0) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " then " + ids.get(i));
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitNextMillisecond() {
    long millis = System.currentTimeMillis();
    while (System.currentTimeMillis() == millis) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aBurstPastTheCounterNeverRunsAheadOfTheClock() {
    // far more than 4,096 ids a millisecond: the counter runs out, ids must still carry the time
    for (int i = 0; i < 200_000; i++) {
      long before = System.currentTimeMillis();
      EventId id = EventId.random();
      long after = System.currentTimeMillis();
      assertTrue(millisOf(id) >= before && millisOf(id) <= after, id::toString);
      assertEquals(7, id.value().version(), id::toString);
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
