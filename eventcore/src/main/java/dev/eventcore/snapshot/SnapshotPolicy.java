package dev.eventcore.snapshot;

import dev.eventcore.Version;

/**
 * When to write a new snapshot after a command committed.
 *
 * <pre>{@code
 * SnapshotPolicy.everyEvents(50);                                 // at least 50 events since the last
 * SnapshotPolicy policy = (snapshot, committed) -> committed.value() % 10 == 0; // custom
 * }</pre>
 *
 * <p>The default, {@link #defaults()}, snapshots every 100 events.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SnapshotPolicy {

  /** The default number of events between snapshots. */
  int DEFAULT_EVENTS = 100;

  /** Every {@value #DEFAULT_EVENTS} events. */
  static SnapshotPolicy defaults() {
    return everyEvents(DEFAULT_EVENTS);
  }

  /**
   * A snapshot whenever at least {@code events} events were committed since the snapshot the state
   * was loaded from (or since the start of the stream).
   *
   * @param events {@code >= 1}
   */
  static SnapshotPolicy everyEvents(int events) {
    if (events < 1) {
      throw new IllegalArgumentException("events between snapshots must be >= 1 but was " + events);
    }
    return (snapshot, committed) -> committed.value() - snapshot.value() >= events;
  }

  /** Never snapshot. */
  static SnapshotPolicy never() {
    return (snapshot, committed) -> false;
  }

  /**
   * Whether to write a snapshot now.
   *
   * @param snapshotVersion the version of the snapshot the state was loaded from, {@link
   *     Version#NONE} when it was replayed from the start
   * @param committedVersion the stream's version after the command's events committed
   */
  boolean shouldSnapshot(Version snapshotVersion, Version committedVersion);
}
