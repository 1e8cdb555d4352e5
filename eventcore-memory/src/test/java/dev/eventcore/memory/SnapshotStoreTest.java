package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.snapshot.Snapshot;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which snapshot the in-memory snapshot store keeps, and how many streams have one. */
class SnapshotStoreTest {
  private static final StreamId A = StreamId.of("order-1");
  private static final StreamId B = StreamId.of("order-2");

  record Untyped(Object value) {}

  private static Optional<String> state(InMemorySnapshotStore store, StreamId stream) {
    return store.load(stream, String.class).map(Snapshot::state);
  }

  @Test
  void anOlderSnapshotOfTheSameRevisionKeepsTheNewerAndAnyOtherRevisionReplacesIt() {
    InMemorySnapshotStore store = new InMemorySnapshotStore();
    assertEquals(0, store.size());
    store.save(new Snapshot<>(A, Version.of(3), 1, "v3"));
    store.save(new Snapshot<>(A, Version.of(2), 1, "v2"));
    assertEquals(Optional.of("v3"), state(store, A), "the older one of the same revision");
    store.save(new Snapshot<>(A, Version.of(3), 1, "v3 again"));
    assertEquals(Optional.of("v3 again"), state(store, A), "the same version replaces it");
    store.save(new Snapshot<>(A, Version.of(2), 2, "v2 of revision 2"));
    assertEquals(Optional.of("v2 of revision 2"), state(store, A));
    assertEquals(Version.of(2), store.load(A, String.class).orElseThrow().version());
    store.save(new Snapshot<>(A, Version.of(4), 2, "v4"));
    assertEquals(Optional.of("v4"), state(store, A), "a newer one of the same revision");

    store.save(new Snapshot<>(B, Version.of(1), 1, "b1"));
    assertEquals(2, store.size());
    store.delete(A);
    assertEquals(1, store.size());
    assertEquals(Optional.empty(), state(store, A));
  }

  @Test
  void aStateTheCodecCannotReadBackIsRefusedNamingTheSnapshot() {
    InMemorySnapshotStore store = new InMemorySnapshotStore(JacksonCodec.json());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.save(new Snapshot<>(A, Version.of(3), 1, new Untyped(5L))));
    assertTrue(e.getMessage().contains("the snapshot of order-1 at version 3"), e.getMessage());
    assertEquals(0, store.size());
  }
}
