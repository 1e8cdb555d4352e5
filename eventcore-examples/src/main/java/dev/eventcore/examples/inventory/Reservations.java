package dev.eventcore.examples.inventory;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An inventory's reservations by order id: an immutable map that iterates in the order the
 * reservations were first made, and that {@link #with} extends in {@code O(log n)} by sharing all
 * but one path with this map, so folding a reservation costs the same however many came before.
 * It keeps the sum of the held quantities as it goes. Thread-safe.
 */
final class Reservations extends AbstractMap<String, Reservation> {
  static final Reservations NONE = new Reservations(HashTrie.empty(), 0, 0);

  private final HashTrie<String, Slot> trie;
  private final long nextSeq;
  private final long held;
  private volatile @Nullable List<Map.Entry<String, Reservation>> ordered;

  private Reservations(HashTrie<String, Slot> trie, long nextSeq, long held) {
    this.trie = trie;
    this.nextSeq = nextSeq;
    this.held = held;
  }

  /** {@code map} as reservations, in its iteration order; itself if it is one. */
  static Reservations of(Map<String, Reservation> map) {
    Objects.requireNonNull(map, "reservations");
    if (map instanceof Reservations reservations) {
      return reservations;
    }
    Reservations copy = NONE;
    for (Map.Entry<String, Reservation> entry : map.entrySet()) {
      copy = copy.with(entry.getKey(), entry.getValue());
    }
    return copy;
  }

  /** These reservations with {@code orderId}'s set to {@code reservation} (its place kept). */
  Reservations with(String orderId, Reservation reservation) {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(reservation, "reservation");
    Slot present = trie.get(orderId);
    long seq = present == null ? nextSeq : present.seq;
    long nextHeld = held - heldOf(present == null ? null : present.reservation)
        + heldOf(reservation);
    return new Reservations(trie.with(orderId, new Slot(seq, orderId, reservation)),
        present == null ? nextSeq + 1 : nextSeq, nextHeld);
  }

  /** The sum of the {@link Reservation.Status#HELD} quantities. */
  long held() {
    return held;
  }

  private static long heldOf(@Nullable Reservation reservation) {
    return reservation != null && reservation.status() == Reservation.Status.HELD
        ? reservation.quantity()
        : 0;
  }

  @Override
  public @Nullable Reservation get(@Nullable Object key) {
    Slot slot = key == null ? null : trie.get(key);
    return slot == null ? null : slot.reservation;
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return key != null && trie.get(key) != null;
  }

  @Override
  public int size() {
    return trie.size();
  }

  @Override
  public Set<Map.Entry<String, Reservation>> entrySet() {
    List<Map.Entry<String, Reservation>> entries = ordered();
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Reservation>> iterator() {
        return entries.iterator();
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }

  /** The entries in the order they were made; computed once, on first iteration. */
  private List<Map.Entry<String, Reservation>> ordered() {
    List<Map.Entry<String, Reservation>> entries = ordered;
    if (entries == null) {
      List<Slot> slots = new ArrayList<>(trie.size());
      trie.forEachValue(slots::add);
      slots.sort(Comparator.comparingLong(slot -> slot.seq));
      List<Map.Entry<String, Reservation>> list = new ArrayList<>(slots.size());
      for (Slot slot : slots) {
        list.add(Map.entry(slot.orderId, slot.reservation));
      }
      entries = List.copyOf(list);
      ordered = entries;
    }
    return entries;
  }

  /** A reservation with the place it was first made in. */
  private record Slot(long seq, String orderId, Reservation reservation) {}
}
