package dev.eventcore;

import java.util.List;

/**
 * Ending a stream's life, or the early part of it: soft and hard deletion, restarting a softly
 * deleted stream, and truncating a stream before a version. Global positions never change: what
 * stays in the log keeps its position, and what is removed leaves no event in its place that
 * readers would have to skip.
 *
 * <pre>{@code
 * store.deleteStream(cart, ExpectedVersion.exactly(read));   // reads empty, refuses appends
 * store.restartStream(cart, List.of(EventData.of(new CartOpened(id))));  // a new life
 * store.hardDeleteStream(customer, ExpectedVersion.any());   // events removed for good
 * store.truncateStream(account, Version.of(5_000));          // a snapshot at 5,000
 * }</pre>
 *
 * <p>A deletion appends a {@link StreamDeleted} tombstone to the stream, checked against {@code
 * expected} like any append; subscribers and projections receive it in log order and purge their
 * copies. A {@link Deletion#SOFT soft} deletion keeps the events in the global log; a {@link
 * Deletion#HARD hard} one removes them, leaving the tombstone. Either
 * way the stream then reads as empty ({@link #streamStatus} tells why) and every append to it is
 * refused with {@link StreamDeletedException}, including appends already waiting for the stream.
 *
 * <p>The default methods throw {@link UnsupportedOperationException}: the stores of eventcore
 * implement them.
 *
 * @since 0.1.0
 */
public interface StreamDeletions {

  /**
   * Deletes {@code stream} softly: it reads as empty and refuses appends until {@link
   * #restartStream restarted}; its events stay in the global log.
   *
   * @return the append of the tombstone (its version and position)
   * @throws WrongExpectedVersionException if the stream's version does not satisfy {@code expected}
   * @throws StreamDeletedException if the stream is deleted already
   */
  default AppendResult deleteStream(StreamId stream, ExpectedVersion expected) {
    throw new UnsupportedOperationException("this store cannot delete streams");
  }

  /**
   * Deletes {@code stream} for good: its events are removed (on PostgreSQL its snapshot in the
   * store's schema too), only the tombstone stays, and it never takes events again. A softly deleted stream may be hard-deleted (with {@code
   * expected} checked against its version, the tombstone's).
   *
   * @return the append of the tombstone (its version and position)
   * @throws WrongExpectedVersionException if the stream's version does not satisfy {@code expected}
   * @throws StreamDeletedException if the stream is hard-deleted already
   */
  default AppendResult hardDeleteStream(StreamId stream, ExpectedVersion expected) {
    throw new UnsupportedOperationException("this store cannot delete streams");
  }

  /**
   * Starts a softly deleted {@code stream} over with {@code events}: versions go on after the
   * tombstone, and reads (an aggregate's load, too) begin at the first of these events.
   *
   * @return the append's result
   * @throws IllegalStateException if the stream is not softly deleted
   * @throws StreamDeletedException if it is hard-deleted
   * @throws IllegalArgumentException if {@code events} is empty
   */
  default AppendResult restartStream(StreamId stream, List<? extends EventData<?>> events) {
    throw new UnsupportedOperationException("this store cannot delete streams");
  }

  /**
   * Removes the events of {@code stream} before version {@code keepFrom}, from the stream and the
   * global log: reads of the stream begin at {@code keepFrom}. Typically done with {@code
   * keepFrom} at the version of a saved snapshot: an aggregate loads from that snapshot (its own
   * event must stay, as the proof that the stream reached it), while one without a usable
   * snapshot folds from {@code keepFrom}. Appends are not disturbed (the stream's version does not
   * change). The stream's last event always stays. Removing what is removed already does nothing.
   *
   * @return how many events were removed
   * @throws IllegalArgumentException if {@code keepFrom} is below 2 or past the stream's version
   * @throws StreamDeletedException if the stream is deleted
   */
  default long truncateStream(StreamId stream, Version keepFrom) {
    throw new UnsupportedOperationException("this store cannot truncate streams");
  }

  /** Where {@code stream} stands: its version, first readable version and deletion. */
  default StreamStatus streamStatus(StreamId stream) {
    throw new UnsupportedOperationException("this store does not track stream deletions");
  }
}
