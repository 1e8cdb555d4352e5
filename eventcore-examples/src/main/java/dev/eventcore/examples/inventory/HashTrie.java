package dev.eventcore.examples.inventory;

import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A persistent hash map (a hash array mapped trie): {@link #with} returns a new trie sharing all
 * but the path to the changed entry with this one, so adding or replacing an entry costs {@code
 * O(log32 n)} time and memory however large the map is. Immutable and thread-safe. No removal:
 * the inventory never forgets a reservation.
 */
final class HashTrie<K, V> {
  private static final HashTrie<?, ?> EMPTY = new HashTrie<>(new Node(0, new Object[0]), 0);

  private final Node root;
  private final int size;

  private HashTrie(Node root, int size) {
    this.root = root;
    this.size = size;
  }

  @SuppressWarnings("unchecked") // the empty trie holds no K or V
  static <K, V> HashTrie<K, V> empty() {
    return (HashTrie<K, V>) EMPTY;
  }

  int size() {
    return size;
  }

  /** The value of {@code key}; {@code null} when absent. */
  @SuppressWarnings("unchecked") // only Leaf<K, V> are stored
  @Nullable V get(Object key) {
    int hash = spread(key.hashCode());
    Object slot = root;
    for (int shift = 0; ; shift += 5) {
      if (slot instanceof Node node) {
        int bit = 1 << ((hash >>> shift) & 31);
        if ((node.bitmap & bit) == 0) {
          return null;
        }
        slot = node.slots[Integer.bitCount(node.bitmap & (bit - 1))];
      } else if (slot instanceof Leaf<?, ?> leaf) {
        return leaf.key.equals(key) ? (V) leaf.value : null;
      } else {
        for (Leaf<?, ?> leaf : ((Collision) slot).leaves) {
          if (leaf.key.equals(key)) {
            return (V) leaf.value;
          }
        }
        return null;
      }
    }
  }

  /** This map with {@code key} set to {@code value}. */
  HashTrie<K, V> with(K key, V value) {
    Leaf<K, V> leaf = new Leaf<>(key, spread(key.hashCode()), value);
    boolean[] added = new boolean[1];
    Node next = put(root, leaf, 0, added);
    return new HashTrie<>(next, added[0] ? size + 1 : size);
  }

  /** Calls {@code action} with every value, in no particular order. */
  @SuppressWarnings("unchecked") // only Leaf<K, V> are stored
  void forEachValue(Consumer<? super V> action) {
    visit(root, leaf -> action.accept((V) leaf.value));
  }

  private static void visit(Object slot, Consumer<Leaf<?, ?>> action) {
    if (slot instanceof Node node) {
      for (Object child : node.slots) {
        visit(child, action);
      }
    } else if (slot instanceof Leaf<?, ?> leaf) {
      action.accept(leaf);
    } else {
      for (Leaf<?, ?> leaf : ((Collision) slot).leaves) {
        action.accept(leaf);
      }
    }
  }

  private static Node put(Node node, Leaf<?, ?> leaf, int shift, boolean[] added) {
    int bit = 1 << ((leaf.hash >>> shift) & 31);
    int index = Integer.bitCount(node.bitmap & (bit - 1));
    if ((node.bitmap & bit) == 0) {
      added[0] = true;
      Object[] slots = new Object[node.slots.length + 1];
      System.arraycopy(node.slots, 0, slots, 0, index);
      slots[index] = leaf;
      System.arraycopy(node.slots, index, slots, index + 1, node.slots.length - index);
      return new Node(node.bitmap | bit, slots);
    }
    Object present = node.slots[index];
    Object replacement;
    if (present instanceof Node child) {
      replacement = put(child, leaf, shift + 5, added);
    } else if (present instanceof Leaf<?, ?> other && other.key.equals(leaf.key)) {
      replacement = leaf;
    } else if (present instanceof Collision collision && collision.hash == leaf.hash) {
      replacement = collision.with(leaf, added);
    } else {
      added[0] = true;
      replacement = merge(present, hashOf(present), leaf, shift + 5);
    }
    Object[] slots = node.slots.clone();
    slots[index] = replacement;
    return new Node(node.bitmap, slots);
  }

  /** A slot holding both {@code a} and the new {@code leaf}, whose hashes differ or collide. */
  private static Object merge(Object a, int hashA, Leaf<?, ?> leaf, int shift) {
    if (hashA == leaf.hash) {
      return new Collision(hashA, new Leaf<?, ?>[] {(Leaf<?, ?>) a, leaf});
    }
    int indexA = (hashA >>> shift) & 31;
    int indexB = (leaf.hash >>> shift) & 31;
    if (indexA == indexB) {
      return new Node(1 << indexA, new Object[] {merge(a, hashA, leaf, shift + 5)});
    }
    Object[] slots = indexA < indexB ? new Object[] {a, leaf} : new Object[] {leaf, a};
    return new Node((1 << indexA) | (1 << indexB), slots);
  }

  private static int hashOf(Object slot) {
    return slot instanceof Leaf<?, ?> leaf ? leaf.hash : ((Collision) slot).hash;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  /** An inner node: a bitmap of which of the 32 slots are used, and the used ones in order. */
  private record Node(int bitmap, Object[] slots) {}

  private record Leaf<K, V>(K key, int hash, V value) {}

  /** Leaves whose keys differ but whose hashes are equal. */
  private record Collision(int hash, Leaf<?, ?>[] leaves) {
    Collision with(Leaf<?, ?> leaf, boolean[] added) {
      for (int i = 0; i < leaves.length; i++) {
        if (leaves[i].key.equals(leaf.key)) {
          Leaf<?, ?>[] copy = leaves.clone();
          copy[i] = leaf;
          return new Collision(hash, copy);
        }
      }
      added[0] = true;
      Leaf<?, ?>[] copy = Arrays.copyOf(leaves, leaves.length + 1);
      copy[leaves.length] = leaf;
      return new Collision(hash, copy);
    }
  }
}
