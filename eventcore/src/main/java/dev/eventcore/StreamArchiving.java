package dev.eventcore;

/**
 * Moving the old part of a stream out of the hot log into the archive, where every read still
 * finds it: the hot log, which appends and their checks touch, stays the size of the live data
 * however long the history grows.
 *
 * <pre>{@code
 * store.archiveStream(order, Version.of(Long.MAX_VALUE));  // a cold stream: all but its last event
 * store.archiveStream(account, Version.of(5_000));         // the events before 5,000
 * }</pre>
 *
 * <p>Archiving changes where events are kept, never what is read: stream reads, the global log,
 * subscriptions, projections, queries and aggregate loads return archived events exactly as
 * before, at the same positions, transparently. A stream's last event always stays hot, so its
 * version and the checks of every append to it stay in the hot log; appends go on as before.
 * Deleting or truncating a stream removes its archived events too. Run archiving by category and
 * age with {@link dev.eventcore.retention.RetentionRule#archiving()}.
 *
 * <p>On PostgreSQL the archive is a partition of the log; in memory nothing moves (the count
 * returned is what would). The default method throws {@link UnsupportedOperationException}: the
 * stores of eventcore implement it.
 *
 * @since 0.1.0
 */
public interface StreamArchiving {

  /**
   * Moves the events of {@code stream} before version {@code before} (never its last event) to
   * the archive. Archiving what is archived already does nothing; a softly deleted stream's events
   * may be archived, a hard-deleted stream has nothing left to move, an unknown stream neither.
   *
   * @return how many events moved
   * @throws IllegalArgumentException if {@code before} is below 2 (nothing is before version 1)
   */
  default long archiveStream(StreamId stream, Version before) {
    throw new UnsupportedOperationException("this store cannot archive streams");
  }
}
