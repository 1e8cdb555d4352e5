package dev.eventcore.memory;

import dev.eventcore.EventId;
import java.util.UUID;

/**
 * Event id → index in the global log, for the idempotency check of every append. An open-addressing
 * table with the UUID's two longs stored inline: one lookup touches one or two cache lines, where a
 * {@code HashMap<EventId, ...>} chases four pointers per probe. Writer only (under the store's
 * write lock).
 */
final class EventIdIndex {
  private static final int ABSENT = -1;

  private long[] high = new long[1 << 12];
  private long[] low = new long[1 << 12];
  private int[] slots = filled(1 << 12);
  private int size;

  /** The log index of {@code id}, or -1 when absent. */
  int find(EventId id) {
    UUID uuid = id.value();
    long hi = uuid.getMostSignificantBits();
    long lo = uuid.getLeastSignificantBits();
    int mask = slots.length - 1;
    for (int i = hash(hi, lo) & mask; ; i = (i + 1) & mask) {
      int slot = slots[i];
      if (slot == ABSENT) {
        return ABSENT;
      }
      if (high[i] == hi && low[i] == lo) {
        return slot;
      }
    }
  }

  /** Records that {@code id} is at log index {@code index}; the id must be absent. */
  void add(EventId id, int index) {
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    UUID uuid = id.value();
    insert(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), index);
    size++;
  }

  private void insert(long hi, long lo, int index) {
    int mask = slots.length - 1;
    int i = hash(hi, lo) & mask;
    while (slots[i] != ABSENT) {
      i = (i + 1) & mask;
    }
    high[i] = hi;
    low[i] = lo;
    slots[i] = index;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    int[] oldSlots = slots;
    int capacity = oldSlots.length * 2;
    high = new long[capacity];
    low = new long[capacity];
    slots = filled(capacity);
    for (int i = 0; i < oldSlots.length; i++) {
      if (oldSlots[i] != ABSENT) {
        insert(oldHigh[i], oldLow[i], oldSlots[i]);
      }
    }
  }

  private static int hash(long hi, long lo) {
    long h = (hi ^ lo) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private static int[] filled(int capacity) {
    int[] slots = new int[capacity];
    java.util.Arrays.fill(slots, ABSENT);
    return slots;
  }
}
