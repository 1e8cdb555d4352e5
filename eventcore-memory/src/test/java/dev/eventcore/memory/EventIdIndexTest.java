package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.eventcore.EventId;
import dev.eventcore.Metadata;
import dev.eventcore.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdIndexTest {

  @Test
  void findsEveryIdAddedAcrossGrowthAndNoOther() {
    EventLog log = new EventLog(0);
    EventIdIndex index = new EventIdIndex(log);
    List<EventId> ids = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      // ids that differ in one half only, and time-ordered ones, as UUIDv7 makes them
      EventId id = i % 3 == 0 ? EventId.of(new UUID(i, 7)) : i % 3 == 1
          ? EventId.of(new UUID(7, i)) : EventId.random();
      index.add(id, log.written());
      add(log, id);
      ids.add(id);
    }
    log.publish();
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(i, index.find(ids.get(i)));
    }
    for (int i = 0; i < 1_000; i++) {
      assertEquals(-1, index.find(EventId.random()));
      assertEquals(-1, index.find(EventId.of(new UUID(i, 8))));
    }
  }

  /**
   * Ids in order (as EventId.random makes them), out of order, of other versions and colliding in
   * one half, with a lookup of a stored, a pending and an absent id after every add, across the
   * table's growth: the index agrees with a map.
   */
  @Test
  void agreesWithAMapForAnyMixOfOrderedAndUnorderedIds() {
    qt().withFixedSeed(12L).withExamples(40)
        .forAll(lists().of(integers().between(0, 3)).ofSizeBetween(1, 5_000), longs().all())
        .checkAssert((kinds, seed) -> {
          EventLog log = new EventLog(0);
          EventIdIndex index = new EventIdIndex(log);
          Map<EventId, Integer> expected = new HashMap<>();
          List<EventId> added = new ArrayList<>();
          Random random = new Random(seed);
          long ordered = 1;
          for (int kind : kinds) {
            EventId id = switch (kind) {
              case 0 -> EventId.of(new UUID((1L << 40) | 0x7000L, ordered++)); // increasing v7
              case 1 -> EventId.of(new UUID(random.nextLong(), random.nextLong())); // anywhere
              case 2 -> EventId.of(new UUID(random.nextInt(4), random.nextInt(4))); // low, colliding
              default -> EventId.random(); // in order, above the others but case 1's
            };
            Integer stored = expected.get(id);
            assertEquals(stored == null ? -1 : stored, index.find(id), id::toString);
            if (stored == null) {
              index.add(id, log.written());
              add(log, id);
              expected.put(id, log.written() - 1);
              added.add(id);
            }
            EventId earlier = added.get(random.nextInt(added.size()));
            assertEquals(expected.get(earlier), index.find(earlier), earlier::toString);
            EventId absent = EventId.of(new UUID(random.nextLong(), random.nextLong()));
            assertEquals(expected.getOrDefault(absent, -1), index.find(absent), absent::toString);
          }
          log.publish();
          for (Map.Entry<EventId, Integer> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), index.find(entry.getKey()));
          }
        });
  }

  private static void add(EventLog log, EventId id) {
    log.add(StreamId.of("s"), log.written() + 1L, id, "T", "payload", Metadata.empty(),
        Instant.EPOCH);
  }
}
