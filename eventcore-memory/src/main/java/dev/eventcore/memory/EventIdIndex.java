package dev.eventcore.memory;

import dev.eventcore.EventId;
import dev.eventcore.RecordedEvent;
import java.util.UUID;

/**
 * Event id → index in the global log, for the idempotency check of every append. An open-addressing
 * table of one {@code long} per slot: the id's 32-bit hash (which also places the slot) in the high
 * half, the log index plus one in the low half (0 marks a free slot). Looking up a new id, the
 * common case, touches one cache line and no event; a hash match is confirmed against the event in
 * the log. Eight bytes per slot, where a {@code HashMap<EventId, ...>} costs some 50 bytes per
 * entry and chases four pointers per probe. Writer only (under the store's write lock).
 */
final class EventIdIndex {
  private static final int ABSENT = -1;

  private final AppendOnlyLog<RecordedEvent<?>> log;
  private long[] slots = new long[1 << 12];
  private int size;

  /** An index of the events of {@code log}. */
  EventIdIndex(AppendOnlyLog<RecordedEvent<?>> log) {
    this.log = log;
  }

  /** The log index of {@code id}, or -1 when absent. */
  int find(EventId id) {
    int hash = hash(id);
    long[] table = slots;
    int mask = table.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long slot = table[i];
      if (slot == 0) {
        return ABSENT;
      }
      if ((int) (slot >>> 32) == hash) {
        int index = (int) slot - 1;
        if (log.get(index).id().equals(id)) {
          return index;
        }
      }
    }
  }

  /**
   * Records that {@code id} is at log index {@code index} (below {@link Integer#MAX_VALUE}); the id
   * must be absent, and the event must be in the log before the next {@link #find}.
   */
  void add(EventId id, int index) {
    if ((size + 1L) * 2 > slots.length) {
      grow();
    }
    insert(slots, ((long) hash(id) << 32) | (index + 1L));
    size++;
  }

  private static void insert(long[] table, long slot) {
    int mask = table.length - 1;
    int i = (int) (slot >>> 32) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = slot;
  }

  private void grow() {
    long[] grown = new long[slots.length * 2];
    for (long slot : slots) {
      if (slot != 0) {
        insert(grown, slot);
      }
    }
    slots = grown;
  }

  private static int hash(EventId id) {
    UUID uuid = id.value();
    long h = (uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits()) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
