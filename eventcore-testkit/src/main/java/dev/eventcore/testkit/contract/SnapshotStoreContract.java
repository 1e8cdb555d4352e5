package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.snapshot.SnapshotStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SnapshotStore} does: the latest snapshot per stream, a newer one of the same
 * revision never replaced by an older one, another revision always replacing. States are records
 * of plain values (what a JSON store can persist).
 *
 * @since 0.1.0
 */
public abstract class SnapshotStoreContract {
  private static final StreamId STREAM = StreamId.of("order", "1");

  /** A snapshot state of plain values. */
  public record Totals(String name, long total, List<Integer> lines) {}

  /** A store with no snapshots. */
  protected abstract SnapshotStore newSnapshotStore();

  private static Snapshot<Totals> snapshot(long version, int revision, long total) {
    return new Snapshot<>(STREAM, Version.of(version), revision, new Totals("t", total, List.of(1)));
  }

  @Test
  void aStreamWithoutASnapshotLoadsAsEmpty() {
    assertEquals(Optional.empty(), newSnapshotStore().load(STREAM, Totals.class));
  }

  @Test
  void aSavedSnapshotLoadsWithItsVersionRevisionAndState() {
    SnapshotStore store = newSnapshotStore();
    store.save(snapshot(5, 2, 50));
    assertEquals(Optional.of(snapshot(5, 2, 50)), store.load(STREAM, Totals.class));
  }

  @Test
  void aNewerSnapshotReplacesAndAnOlderOneOfTheSameRevisionDoesNot() {
    SnapshotStore store = newSnapshotStore();
    store.save(snapshot(5, 1, 50));
    store.save(snapshot(9, 1, 90));
    store.save(snapshot(7, 1, 70));
    assertEquals(Version.of(9), store.load(STREAM, Totals.class).orElseThrow().version());
  }

  @Test
  void aSnapshotOfAnotherRevisionAlwaysReplaces() {
    SnapshotStore store = newSnapshotStore();
    store.save(snapshot(9, 1, 90));
    store.save(snapshot(3, 2, 30));
    assertEquals(snapshot(3, 2, 30), store.load(STREAM, Totals.class).orElseThrow());
  }

  @Test
  void deleteRemovesOnlyThatStreamsSnapshot() {
    SnapshotStore store = newSnapshotStore();
    StreamId other = StreamId.of("order", "2");
    store.save(snapshot(1, 1, 10));
    store.save(new Snapshot<>(other, Version.of(1), 1, new Totals("o", 1, List.of())));
    store.delete(STREAM);
    assertEquals(Optional.empty(), store.load(STREAM, Totals.class));
    assertTrue(store.load(other, Totals.class).isPresent());
  }

  @Test
  void aStateThatDoesNotReadAsTheRequestedTypeIsAnError() {
    SnapshotStore store = newSnapshotStore();
    store.save(snapshot(1, 1, 10));
    assertThrows(RuntimeException.class, () -> store.load(STREAM, Integer.class));
  }
}
