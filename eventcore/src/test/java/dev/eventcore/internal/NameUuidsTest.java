package dev.eventcore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Name-based ids are stored: they must equal the JDK's version 3 UUIDs, on every thread. */
class NameUuidsTest {

  @Test
  void equalsTheJdksNameBasedUuidForAnyName() {
    Random random = new Random(20_261_206L);
    for (int i = 0; i < 5_000; i++) {
      byte[] name = new byte[random.nextInt(200)];
      random.nextBytes(name);
      assertEquals(UUID.nameUUIDFromBytes(name), NameUuids.of(name));
    }
    byte[] text = "saga_fulfillment-o-1\n01a249eb-db87-7000-bfa4-a6988f53082a\n0"
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(UUID.nameUUIDFromBytes(text), NameUuids.of(text));
    assertEquals(3, NameUuids.of(text).version());
  }

  @Test
  void threadsDerivingAtOnceGetTheSameIds() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> all = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        all.add(threads.submit(() -> {
          for (int i = 0; i < 20_000; i++) {
            byte[] name = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(UUID.nameUUIDFromBytes(name), NameUuids.of(name));
          }
          return 0;
        }));
      }
      for (Future<Integer> future : all) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
