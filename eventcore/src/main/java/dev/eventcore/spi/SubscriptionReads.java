package dev.eventcore.spi;

import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;

/** A subscription's own reads of the log, and its view of the tailer's batches. */
interface SubscriptionReads {
  /** A page of the log strictly after {@code after}, filtered (pushed down to storage). */
  LogPage read(GlobalPosition after, int maxCount);

  /** A batch of the tailer, filtered and upcast exactly as {@link #read} would have. */
  LogPage view(TailBatch batch);

  /** Whether the store committed events after {@code position} not readable yet. */
  boolean ownCommitsPendingAfter(GlobalPosition position);

  /** A new, unstarted thread of the store's thread factory that runs {@code task}. */
  Thread newThread(Runnable task, String name);
}
