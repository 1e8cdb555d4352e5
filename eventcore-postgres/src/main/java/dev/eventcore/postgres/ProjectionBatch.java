package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.Checkpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pending batch of one {@link JdbcProjection}: handled events are kept in memory, with no
 * transaction open, until the batch is full, its oldest event has waited the delay, or the runner
 * commits; then they are written with one call of the batch handler and committed with the
 * checkpoint in one short transaction.
 *
 * <p>When the handler throws on a batch, the batch is rolled back and the event at fault found
 * ({@link BatchFault}); the events before it are committed with their checkpoint, the rest are set
 * aside, and the runner delivers them again from that checkpoint ({@link #redeliveryNeeded}). The
 * event at fault then comes first and is written alone at once, so that its failure reaches the
 * runner's error policy (retried, then stopped at or dead-lettered) as any handler failure does;
 * the events after it are batched again. Not thread-safe: guarded by the projection's lock, except
 * the volatile views read by the runner.
 */
final class ProjectionBatch {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcProjection.class);

  private final String name;
  private final JdbcBatchHandler handler;
  private final JdbcProjection.JdbcReset reset;
  private final PostgresCheckpointStore checkpoints;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final ProjectionTransaction tx;
  private final List<RecordedEvent<?>> pending = new ArrayList<>();

  private volatile @Nullable Checkpoint stored;
  private long fencingToken;
  private GlobalPosition lastHandled = GlobalPosition.START;
  /** The last event handled is not the last one read from its stored event (a split). */
  private boolean midSplit;
  /** False from a lost or set-aside batch until the next {@link #open}: events are ignored. */
  private boolean accepting;
  /** The position of an event a batch failed at: handled alone when it comes again. */
  private @Nullable GlobalPosition suspect;
  private volatile boolean redelivery;
  private volatile boolean hasPending;
  private volatile long pendingSince;

  ProjectionBatch(String name, JdbcBatchHandler handler,
      JdbcProjection.JdbcReset reset, PostgresEventStore store, int maxBatch, long maxDelayNanos) {
    this.name = name;
    this.handler = handler;
    this.reset = reset;
    this.checkpoints = PostgresCheckpointStore.of(store);
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelayNanos;
    this.tx = new ProjectionTransaction(name, store.dataSource());
  }

  void open(Checkpoint from, long token) {
    discard();
    accepting = true;
    redelivery = false;
    stored = Objects.requireNonNull(from, "stored");
    fencingToken = token;
    lastHandled = from.position();
    if (suspect != null && !suspect.isAfter(from.position())) {
      suspect = null;
    }
  }

  void handle(RecordedEvent<?> event) throws Exception {
    requireOpen();
    if (!accepting) {
      return; // set aside: the runner delivers it again from the stored checkpoint
    }
    GlobalPosition at = suspect;
    if (at != null) {
      if (!event.position().isAfter(at)) {
        handleAlone(event);
        return;
      }
      suspect = null; // the event at fault was passed over (dead-lettered): batch again
      if (tx.pending() && !commitQuietly(lastHandled)) {
        return;
      }
    }
    if (pending.isEmpty()) {
      pendingSince = System.nanoTime();
      hasPending = true;
    }
    pending.add(event);
    lastHandled = event.position();
    midSplit = !event.completesStoredEvent();
    if (!midSplit && (pending.size() >= maxBatch
        || System.nanoTime() - pendingSince >= maxDelayNanos)) {
      commitQuietly(lastHandled); // full or due: commit now rather than when the runner looks
    }
  }

  void reset() throws Exception {
    requireOpen();
    discard();
    reset.reset(tx.connection());
    tx.resetWritten();
    markPending();
    accepting = true; // a rebuild starts a fresh batch
    suspect = null;
    lastHandled = GlobalPosition.START; // the next commit stores START with the cleared tables
  }

  Checkpoint commit(GlobalPosition position) {
    RuntimeException gone = tx.lost();
    if (gone != null) {
      discard();
      accepting = false;
      throw gone; // a stale checkpoint makes the runner stand down; anything else restarts it
    }
    if (!accepting) {
      return requireOpen(); // nothing is written while set aside; the runner resumes from stored
    }
    if (midSplit && lastHandled.isAfter(position)) {
      return requireOpen(); // half a split is handled and the runner has not passed it yet
    }
    return write(lastHandled.isAfter(position) ? lastHandled : position);
  }

  void abandon() {
    discard();
    accepting = false;
    if (stored != null) {
      lastHandled = stored.position();
    }
  }

  OptionalLong pendingSince() {
    return hasPending ? OptionalLong.of(pendingSince) : OptionalLong.empty();
  }

  /** The checkpoint stored last (loaded at open or committed since); a volatile read. */
  Optional<Checkpoint> lastCommitted() {
    return Optional.ofNullable(stored);
  }

  boolean redeliveryNeeded() {
    return redelivery;
  }

  /** Writes the batch and commits it with {@code target}; a failed batch is located and split. */
  private Checkpoint write(GlobalPosition target) {
    Checkpoint expected = requireOpen();
    if (pending.isEmpty() && !tx.pending() && target.equals(expected.position())) {
      return expected;
    }
    if (!pending.isEmpty()) {
      try {
        handler.handle(Collections.unmodifiableList(pending), tx.connection());
      } catch (Exception e) {
        return splitAtFault(e);
      }
    }
    return commitTx(target);
  }

  /** Commits what the transaction holds with {@code target}; marks the transaction lost if not. */
  private Checkpoint commitTx(GlobalPosition target) {
    Checkpoint next = tx.commit(checkpoints, requireOpen(), target, fencingToken);
    stored = next;
    pending.clear();
    hasPending = false;
    return next;
  }

  /** Commits on the handler's thread; false (now set aside until reopened) if it failed. */
  private boolean commitQuietly(GlobalPosition target) {
    try {
      write(target);
      return accepting;
    } catch (RuntimeException e) {
      accepting = false; // the runner's next commit raises the loss and resumes from stored
      return false;
    }
  }

  /**
   * The handler threw on the batch: rolls back, finds the event at fault, commits the events
   * before it, and sets the rest aside to be delivered again, the one at fault first and alone.
   */
  private Checkpoint splitAtFault(Exception failure) {
    List<RecordedEvent<?>> batch = List.copyOf(pending);
    Checkpoint result;
    try {
      tx.rollbackKeeping();
      int fault = BatchFault.locate(batch, failure, handler, tx);
      int good = BatchFault.storedEventStart(batch, fault);
      pending.clear();
      pending.addAll(batch.subList(0, good));
      LOG.info("projection {}: a batch of {} events failed at event {}; committing the {} before"
          + " it, then handling it alone under the error policy: {}", name, batch.size(),
          batch.get(fault).describe(), good, BatchFault.cause(failure).toString());
      result = good == 0 ? requireOpen() : write(batch.get(good - 1).position());
      if (redelivery) {
        return result; // writing the events before it failed too, and was split in turn
      }
      suspect = batch.get(fault).position();
    } catch (SQLException e) {
      tx.lose(e, "rolling back a failed batch");
      throw Objects.requireNonNull(tx.lost());
    }
    discard();
    accepting = false;
    redelivery = true;
    return result;
  }

  /** Writes {@code event} at once, alone, so that its failure reaches the error policy. */
  private void handleAlone(RecordedEvent<?> event) throws Exception {
    Connection c = tx.connection();
    try {
      handler.handle(List.of(event), c);
    } catch (Exception e) {
      tx.redo(reset, handler, e); // undoes this event's writes; if that fails, the batch is lost
      if (tx.lost() != null) {
        accepting = false;
        return;
      }
      throw BatchFault.cause(e);
    }
    tx.eventWritten(event);
    markPending();
    lastHandled = event.position();
    midSplit = !event.completesStoredEvent();
    if (!midSplit) {
      suspect = null;
      commitQuietly(lastHandled);
    }
  }

  private void markPending() {
    if (!hasPending) {
      pendingSince = System.nanoTime();
      hasPending = true;
    }
  }

  private void discard() {
    tx.rollbackQuietly();
    pending.clear();
    hasPending = false;
    midSplit = false;
  }

  Checkpoint requireOpen() {
    Checkpoint open = stored;
    if (open == null) {
      throw new IllegalStateException("projection " + name + " is not open: run it with a"
          + " ProjectionRunner over a PostgresCheckpointStore");
    }
    return open;
  }
}
