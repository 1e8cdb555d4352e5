package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppendOnlyLogTest {

  @Test
  void keepsEveryElementWhileTheFirstChunkGrowsAndLaterChunksAreAdded() {
    AppendOnlyLog<Integer> log = new AppendOnlyLog<>();
    List<Integer> before = List.of();
    for (int i = 0; i < 5_000; i++) {
      if (i == 7 || i == 8 || i == 1_023 || i == 1_024) {
        before = log.copy(0, 5_000); // a reader's copy across each growth
      }
      log.add(i);
      log.publish();
      assertEquals(i, log.get(i));
    }
    assertEquals(1_024, before.size());
    assertEquals(5_000, log.size());
    List<Integer> all = log.copy(0, 10_000);
    for (int i = 0; i < 5_000; i++) {
      assertEquals(i, all.get(i));
    }
    assertEquals(List.of(1_023, 1_024, 1_025), log.copy(1_023, 3));
  }

  @Test
  void hidesUnpublishedElements() {
    AppendOnlyLog<String> log = new AppendOnlyLog<>();
    for (int i = 0; i < 20; i++) {
      log.add("e" + i);
    }
    assertEquals(0, log.size());
    assertEquals(List.of(), log.copy(0, 10));
    log.publish();
    assertEquals(List.of("e8", "e9"), log.copy(8, 2));
  }
}
