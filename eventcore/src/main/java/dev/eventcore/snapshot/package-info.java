/**
 * Snapshots: an aggregate's folded state at a committed stream version, so that loading it reads
 * only the tail of its stream.
 *
 * <p>{@link dev.eventcore.snapshot.SnapshotStore} is the port (in memory in {@code
 * eventcore-memory}); {@link dev.eventcore.snapshot.SnapshotPolicy} says when to write one; a
 * {@link dev.eventcore.snapshot.Snapshot} carries a state revision so that a changed state shape
 * ignores old snapshots. Snapshots are never trusted over events: an unreadable, incompatible or
 * ahead-of-stream snapshot is ignored with a warning and the stream replayed in full.
 */
@NullMarked
package dev.eventcore.snapshot;

import org.jspecify.annotations.NullMarked;
