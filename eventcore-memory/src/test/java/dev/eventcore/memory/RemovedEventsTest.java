package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The removed set against a plain {@link BitSet}: same members, same counts, versions unchanged. */
class RemovedEventsTest {

  /** A stream whose events sit at {@code indexes} (increasing) of the log. */
  private static StreamIndex streamAt(List<Integer> indexes) {
    StreamIndex stream = new StreamIndex();
    indexes.forEach(stream::add);
    stream.publish();
    return stream;
  }

  /** {@code count} increasing log indexes from {@code start}, {@code 1 + random(gap)} apart. */
  private static List<Integer> spread(SplittableRandom random, int start, int count, int gap) {
    List<Integer> indexes = new ArrayList<>();
    int index = start;
    for (int i = 0; i < count; i++) {
      indexes.add(index);
      index += 1 + random.nextInt(gap);
    }
    return indexes;
  }

  @Test
  void removalsMatchABitSetAndLeaveEarlierVersionsAsTheyWere() {
    qt().withFixedSeed(20_261_206L).withExamples(200)
        .forAll(lists().of(integers().between(0, 1_000_000)).ofSizeBetween(1, 12))
        .checkAssert(seeds -> {
          RemovedEvents removed = RemovedEvents.NONE;
          BitSet expected = new BitSet();
          List<RemovedEvents> versions = new ArrayList<>();
          List<BitSet> expectedVersions = new ArrayList<>();
          for (int seed : seeds) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Integer> indexes = spread(random, random.nextInt(300_000), 1 + random.nextInt(500),
                1 + random.nextInt(2_000));
            StreamIndex stream = streamAt(indexes);
            int from = random.nextInt(indexes.size());
            int to = from + random.nextInt(indexes.size() - from + 1);
            long newly = 0;
            for (int i = from; i < to; i++) {
              if (!expected.get(indexes.get(i))) {
                expected.set(indexes.get(i));
                newly++;
              }
            }
            long[] counted = {0};
            removed = removed.with(stream, from, to, counted);
            assertEquals(newly, counted[0], "newly removed");
            versions.add(removed);
            expectedVersions.add((BitSet) expected.clone());
          }
          for (int v = 0; v < versions.size(); v++) {
            BitSet want = expectedVersions.get(v);
            RemovedEvents have = versions.get(v);
            for (int i = want.nextSetBit(0); i >= 0; i = want.nextSetBit(i + 1)) {
              assertTrue(have.contains(i), "version " + v + " lost " + i);
            }
            SplittableRandom probe = new SplittableRandom(v);
            for (int k = 0; k < 2_000; k++) {
              int i = probe.nextInt(1_400_000);
              assertEquals(want.get(i), have.contains(i), "version " + v + " at " + i);
            }
          }
        });
  }

  @Test
  void nothingIsRemovedAtFirstAndAnEmptyRangeChangesNothing() {
    assertTrue(RemovedEvents.NONE.isEmpty());
    assertFalse(RemovedEvents.NONE.contains(0));
    assertFalse(RemovedEvents.NONE.contains(Integer.MAX_VALUE));
    StreamIndex stream = streamAt(List.of(3, 70_000));
    long[] counted = {0};
    assertTrue(RemovedEvents.NONE.with(stream, 1, 1, counted).isEmpty());
    RemovedEvents both = RemovedEvents.NONE.with(stream, 0, 2, counted);
    assertEquals(2, counted[0]);
    assertTrue(both.contains(3) && both.contains(70_000));
    assertFalse(both.contains(4) || both.contains(69_999) || both.contains(200_000));
  }
}
