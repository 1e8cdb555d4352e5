package dev.eventcore.snapshot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import org.junit.jupiter.api.Test;

class SnapshotTest {

  @Test
  void everyEventsSnapshotsOnceEnoughEventsPassedSinceTheLastSnapshot() {
    SnapshotPolicy every3 = SnapshotPolicy.everyEvents(3);
    assertFalse(every3.shouldSnapshot(Version.NONE, Version.of(2)));
    assertTrue(every3.shouldSnapshot(Version.NONE, Version.of(3)));
    assertFalse(every3.shouldSnapshot(Version.of(3), Version.of(5)));
    assertTrue(every3.shouldSnapshot(Version.of(3), Version.of(7)));
  }

  @Test
  void theDefaultIsEveryHundredEvents() {
    assertFalse(SnapshotPolicy.defaults().shouldSnapshot(Version.NONE, Version.of(99)));
    assertTrue(SnapshotPolicy.defaults().shouldSnapshot(Version.NONE, Version.of(100)));
    assertFalse(SnapshotPolicy.never().shouldSnapshot(Version.NONE, Version.of(1_000_000)));
    assertThrows(IllegalArgumentException.class, () -> SnapshotPolicy.everyEvents(0));
  }

  @Test
  void aSnapshotIncludesAtLeastOneEventAndHasANonNegativeRevision() {
    StreamId stream = StreamId.of("s-1");
    assertThrows(
        IllegalArgumentException.class, () -> new Snapshot<>(stream, Version.NONE, 1, "state"));
    assertThrows(
        IllegalArgumentException.class, () -> new Snapshot<>(stream, Version.of(1), -1, "state"));
    assertThrows(NullPointerException.class, () -> new Snapshot<>(stream, Version.of(1), 1, null));
  }
}
