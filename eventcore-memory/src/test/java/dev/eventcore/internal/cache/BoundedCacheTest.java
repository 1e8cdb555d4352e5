package dev.eventcore.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

  @Test
  void theLeastRecentlyUsedEntryIsEvictedFirst() {
    BoundedCache<String, String> cache = new BoundedCache<>(2, 1, value -> 1);
    cache.put("a", "A", (present, next) -> true);
    cache.put("b", "B", (present, next) -> true);
    cache.get("a");
    cache.put("c", "C", (present, next) -> true);

    assertEquals("A", cache.get("a"));
    assertNull(cache.get("b"));
    assertEquals("C", cache.get("c"));
  }

  @Test
  void theTotalWeightNeverExceedsTheBoundUnderConcurrentPuts() throws Exception {
    BoundedCache<Integer, List<Integer>> cache = new BoundedCache<>(1_000, 16, List::size);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 20_000; i++) {
            int key = (i * 31 + thread) % 5_000;
            cache.put(key, Collections.nCopies(1 + key % 40, key), (present, next) -> true);
            assertTrue(cache.weight() <= 1_000, "weight " + cache.weight());
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(cache.weight() <= 1_000);
    assertTrue(cache.size() > 0);
  }

  @Test
  void aPresentValueIsReplacedOnlyWhenThePredicateSaysSo() {
    BoundedCache<String, Integer> cache = new BoundedCache<>(10, 4, value -> 1);
    cache.put("a", 5, (present, next) -> next > present);
    cache.put("a", 3, (present, next) -> next > present);
    assertEquals(5, cache.get("a"));
    cache.put("a", 7, (present, next) -> next > present);
    assertEquals(7, cache.get("a"));
  }

  @Test
  void aZeroBoundKeepsNothingAndAValueHeavierThanItsShareIsNotKept() {
    BoundedCache<String, List<Integer>> off = new BoundedCache<>(0, 16, List::size);
    off.put("a", List.of(1), (present, next) -> true);
    assertFalse(off.enabled());
    assertNull(off.get("a"));

    BoundedCache<String, List<Integer>> small = new BoundedCache<>(4, 1, List::size);
    small.put("a", List.of(1, 2, 3, 4, 5), (present, next) -> true);
    assertNull(small.get("a"));
    assertEquals(0, small.weight());
  }

  @Test
  void aValueExactlyAsHeavyAsTheBoundIsKept() {
    BoundedCache<String, List<Integer>> cache = new BoundedCache<>(4, 1, List::size);
    cache.put("a", List.of(1, 2, 3, 4), (present, next) -> true);

    assertEquals(List.of(1, 2, 3, 4), cache.get("a"));
    assertEquals(4, cache.weight());
  }

  @Test
  void removingAnEntryFreesItsWeightAndRemovingAnAbsentKeyChangesNothing() {
    BoundedCache<String, List<Integer>> cache = new BoundedCache<>(10, 1, List::size);
    cache.put("a", List.of(1, 2, 3), (present, next) -> true);
    cache.put("b", List.of(1, 2), (present, next) -> true);

    cache.remove("absent");
    assertEquals(5, cache.weight());
    assertEquals(2, cache.size());
    cache.remove("a");
    assertNull(cache.get("a"));
    assertEquals(2, cache.weight());
    assertEquals(1, cache.size());
  }

  @Test
  void manyKeysFillEverySegmentSoTheCacheHoldsExactlyItsBound() {
    // 1,001 split over 16 segments: nine of them get one more than the others
    BoundedCache<Integer, String> cache = new BoundedCache<>(1_001, 16, value -> 1);
    for (int key = 0; key < 100_000; key++) {
      cache.put(key, "v", (present, next) -> true);
    }

    assertEquals(1_001, cache.size());
    assertEquals(1_001, cache.weight());
    assertEquals("v", cache.get(99_999), "the most recent key is kept");
  }

  @Test
  void keysWhoseHashesShareTheirLowBitsStillFillEverySegment() {
    // 4,096 hashes below 2^16, all multiples of 16: they differ only in bits 4 to 15
    BoundedCache<Integer, String> cache = new BoundedCache<>(1_024, 16, value -> 1);
    for (int key = 0; key < 4_096; key++) {
      cache.put(key * 16, "v", (present, next) -> true);
    }

    assertEquals(1_024, cache.size(), "a segment that no key reaches would leave its share empty");
    assertEquals("v", cache.get(4_095 * 16));
  }
}
