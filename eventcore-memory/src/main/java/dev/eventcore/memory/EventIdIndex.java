package dev.eventcore.memory;

import dev.eventcore.EventId;
import java.util.UUID;

/**
 * Event id → index in the global log, for the idempotency check of every append. An open-addressing
 * table of one {@code long} per slot: the id's 32-bit hash (which also places the slot) in the high
 * half, the log index plus one in the low half (0 marks a free slot). Eight bytes per slot, where a
 * {@code HashMap<EventId, ...>} costs some 50 bytes per entry and chases four pointers per probe.
 *
 * <p>Once the table outgrows the CPU caches, every probe is a cache miss. Most ids need none:
 * {@link EventId#random()} makes version-7 ids in order, and one greater than every stored
 * version-7 id cannot be stored, so looking it up is one comparison. Such ids wait in a small
 * pending batch and enter the table together, where the CPU overlaps their misses. Any other id
 * (a retry, an id from elsewhere) is probed and inserted at once. Writer only (under the store's write lock).
 */
final class EventIdIndex {
  private static final int ABSENT = -1;
  private static final int PENDING = 256;

  private final EventLog log;
  private long[] slots = new long[1 << 12];
  private int size;
  /** Slot values of ids added in increasing order, not yet in {@link #slots}. */
  private final long[] pending = new long[PENDING];
  private int pendingCount;
  /** The greatest version-7 id added (unsigned, most significant half first); (0, 0) if none. */
  private long newestHigh;
  private long newestLow;

  /** An index of the events of {@code log}. */
  EventIdIndex(EventLog log) {
    this.log = log;
  }

  /** The log index of {@code id}, or -1 when absent. */
  int find(EventId id) {
    UUID uuid = id.value();
    if (isNewest(uuid)) {
      return ABSENT;
    }
    int hash = hash(uuid);
    long[] table = slots;
    int mask = table.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long slot = table[i];
      if (slot == 0) {
        break;
      }
      if (matches(slot, hash, uuid)) {
        return (int) slot - 1;
      }
    }
    for (int i = 0; i < pendingCount; i++) {
      if (matches(pending[i], hash, uuid)) {
        return (int) pending[i] - 1;
      }
    }
    return ABSENT;
  }

  /**
   * Records that {@code id} is at log index {@code index} (below {@link Integer#MAX_VALUE}); the id
   * must be absent, and the event must be in the log before the next {@link #find}.
   */
  void add(EventId id, int index) {
    UUID uuid = id.value();
    long slot = ((long) hash(uuid) << 32) | (index + 1L);
    if (isNewest(uuid)) {
      newestHigh = uuid.getMostSignificantBits();
      newestLow = uuid.getLeastSignificantBits();
      pending[pendingCount++] = slot;
      if (pendingCount == PENDING) {
        flush();
      }
    } else {
      if (pendingCount > 0) {
        flush(); // so that lookups of unordered ids do not keep scanning a pending batch
      }
      ensureRoom(1);
      insert(slots, slot);
      size++;
    }
  }

  /**
   * Whether {@code uuid} is a version-7 id greater than every version-7 id added, so certainly
   * absent (no id of another version can equal it). Ids of other versions never count as newest,
   * so one foreign id with high bits cannot turn the fast path off.
   */
  private boolean isNewest(UUID uuid) {
    if (uuid.version() != 7) {
      return false;
    }
    int high = Long.compareUnsigned(uuid.getMostSignificantBits(), newestHigh);
    return high > 0
        || (high == 0 && Long.compareUnsigned(uuid.getLeastSignificantBits(), newestLow) > 0);
  }

  private boolean matches(long slot, int hash, UUID id) {
    return (int) (slot >>> 32) == hash && log.hasId((int) slot - 1, id);
  }

  private void flush() {
    ensureRoom(0);
    long[] table = slots;
    for (int i = 0; i < pendingCount; i++) {
      insert(table, pending[i]);
    }
    size += pendingCount;
    pendingCount = 0;
  }

  /** Grows the table so that it stays at most half full with the pending and {@code more} ids. */
  private void ensureRoom(int more) {
    while ((size + (long) pendingCount + more) * 2 > slots.length) {
      long[] grown = new long[slots.length * 2];
      for (long slot : slots) {
        if (slot != 0) {
          insert(grown, slot);
        }
      }
      slots = grown;
    }
  }

  private static void insert(long[] table, long slot) {
    int mask = table.length - 1;
    int i = (int) (slot >>> 32) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = slot;
  }

  private static int hash(UUID uuid) {
    long h = (uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits()) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
