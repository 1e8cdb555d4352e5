package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamIndexTest {

  @Test
  void keepsEveryIndexWhileTheFirstChunkGrowsAndLaterChunksAreAdded() {
    StreamIndex stream = new StreamIndex();
    for (int i = 0; i < 5_000; i++) {
      stream.add(3 * i + 1);
      assertEquals(i, stream.size()); // not yet published
      stream.publish();
      assertEquals(i + 1, stream.written());
      assertEquals(3 * i + 1, stream.get(i));
    }
    for (int i = 0; i < 5_000; i++) {
      assertEquals(3 * i + 1, stream.get(i));
    }
  }
}
