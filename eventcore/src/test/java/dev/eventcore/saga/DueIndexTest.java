package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DueIndexTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void findsTheKeysDueByATimeEarliestFirstWithTheBoundIncluded() {
    DueIndex index = new DueIndex();
    index.set("b", T0.plusSeconds(2));
    index.set("a", T0.plusSeconds(5));
    index.set("c", T0.plusSeconds(2));

    assertEquals(List.of(), index.dueBy(T0.plusSeconds(1)));
    assertEquals(List.of("b", "c"), index.dueBy(T0.plusSeconds(2)));
    assertEquals(List.of("b", "c", "a"), index.dueBy(T0.plusSeconds(9)));
  }

  @Test
  void aKeyMovesWhenItsEarliestTimeoutChangesAndLeavesWhenItHasNone() {
    DueIndex index = new DueIndex();
    index.set("a", T0.plusSeconds(1));
    index.set("a", T0.plusSeconds(7)); // its first timeout fired: the next one counts
    assertEquals(List.of(), index.dueBy(T0.plusSeconds(6)));
    assertEquals(List.of("a"), index.dueBy(T0.plusSeconds(7)));

    index.set("a", null);
    index.set("a", null); // clearing twice is harmless
    assertEquals(List.of(), index.dueBy(T0.plusSeconds(100)));
  }

  /** Any sequence of updates leaves the index answering as a plain map of key to time would. */
  @Test
  void answersLikeAMapOfKeysToTheirEarliestTime() {
    qt().withFixedSeed(20261206L).withExamples(300)
        .forAll(lists().of(integers().between(0, 999)).ofSizeBetween(0, 200),
            integers().between(0, 20))
        .checkAssert((ops, by) -> {
          DueIndex index = new DueIndex();
          Map<String, Instant> model = new HashMap<>();
          for (int op : ops) {
            String key = "k" + op % 13;
            int second = op / 13 % 25; // 24 means: no timeout left
            Instant at = second == 24 ? null : T0.plusSeconds(second);
            index.set(key, at);
            if (at == null) {
              model.remove(key);
            } else {
              model.put(key, at);
            }
          }
          Instant now = T0.plusSeconds(by);
          List<Map.Entry<String, Instant>> expected = new ArrayList<>();
          for (Map.Entry<String, Instant> entry : model.entrySet()) {
            if (!entry.getValue().isAfter(now)) {
              expected.add(entry);
            }
          }
          expected.sort(Map.Entry.<String, Instant>comparingByValue()
              .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
          assertEquals(expected.stream().map(Map.Entry::getKey).toList(), index.dueBy(now));
        });
  }
}
