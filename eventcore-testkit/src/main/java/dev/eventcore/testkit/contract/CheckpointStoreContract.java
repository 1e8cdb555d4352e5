package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.GlobalPosition;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.projection.StaleCheckpointException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CheckpointStore} does: compare-and-set on the revision, fenced by the lease
 * token. An adapter runs it with a one-line subclass that supplies a fresh store.
 *
 * @since 0.1.0
 */
public abstract class CheckpointStoreContract {

  /** A store with no checkpoints. */
  protected abstract CheckpointStore newCheckpointStore();

  @Test
  void aProjectionThatNeverSavedLoadsAsStartWithRevisionZero() {
    Checkpoint loaded = newCheckpointStore().load("never-saved");
    assertEquals(Checkpoint.initial("never-saved"), loaded);
    assertFalse(loaded.isStored());
  }

  @Test
  void eachSaveIncrementsTheRevisionAndIsWhatTheNextLoadReturns() {
    CheckpointStore store = newCheckpointStore();
    Checkpoint first = store.save(store.load("p"), GlobalPosition.of(10), 1);
    assertEquals(new Checkpoint("p", GlobalPosition.of(10), 1, 1), first);
    Checkpoint second = store.save(first, GlobalPosition.of(20), 1);
    assertEquals(new Checkpoint("p", GlobalPosition.of(20), 2, 1), second);
    assertEquals(second, store.load("p"));
  }

  @Test
  void aSaveFromAnOutdatedRevisionIsStaleAndChangesNothing() {
    CheckpointStore store = newCheckpointStore();
    Checkpoint initial = store.load("p");
    Checkpoint saved = store.save(initial, GlobalPosition.of(5), 1);
    StaleCheckpointException e = assertThrows(StaleCheckpointException.class,
        () -> store.save(initial, GlobalPosition.of(7), 1));
    assertEquals(initial, e.expected());
    assertEquals(saved, e.actual());
    assertEquals(1, e.fencingToken());
    assertEquals(saved, store.load("p"));
  }

  @Test
  void aWriterWithAnOlderLeaseTokenIsRejectedEvenAtTheCurrentRevision() {
    CheckpointStore store = newCheckpointStore();
    Checkpoint claimed = store.save(store.load("p"), GlobalPosition.START, 3);
    assertThrows(StaleCheckpointException.class,
        () -> store.save(claimed, GlobalPosition.of(9), 2));
    assertEquals(claimed, store.load("p"));
    Checkpoint newer = store.save(claimed, GlobalPosition.of(9), 4);
    assertEquals(4, newer.fencingToken());
  }

  @Test
  void thePositionMayMoveBackToStartForARebuild() {
    CheckpointStore store = newCheckpointStore();
    Checkpoint saved = store.save(store.load("p"), GlobalPosition.of(100), 1);
    Checkpoint reset = store.save(saved, GlobalPosition.START, 1);
    assertEquals(GlobalPosition.START, store.load("p").position());
    assertEquals(2, reset.revision());
  }

  @Test
  void projectionsHaveIndependentCheckpoints() {
    CheckpointStore store = newCheckpointStore();
    store.save(store.load("a"), GlobalPosition.of(1), 1);
    assertEquals(Checkpoint.initial("b"), store.load("b"));
  }

  @Test
  void aTokenBelowOneIsRejected() {
    CheckpointStore store = newCheckpointStore();
    assertThrows(IllegalArgumentException.class,
        () -> store.save(store.load("p"), GlobalPosition.of(1), 0));
  }

  @Test
  void ofConcurrentSavesFromTheSameRevisionExactlyOneWins() throws Exception {
    CheckpointStore store = newCheckpointStore();
    Checkpoint base = store.save(store.load("p"), GlobalPosition.of(1), 1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        long position = 10 + i;
        Callable<Boolean> save = () -> {
          try {
            store.save(base, GlobalPosition.of(position), 1);
            return true;
          } catch (StaleCheckpointException e) {
            return false;
          }
        };
        results.add(pool.submit(save));
      }
      int won = 0;
      for (Future<Boolean> result : results) {
        won += result.get() ? 1 : 0;
      }
      assertEquals(1, won, "exactly one compare-and-set wins");
      assertEquals(2, store.load("p").revision());
      assertTrue(store.load("p").position().value() >= 10);
    } finally {
      pool.shutdownNow();
    }
  }
}
