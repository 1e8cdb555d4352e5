package dev.eventcore.postgres;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.TransactionalProjection;
import dev.eventcore.serialization.Upcaster;
import java.sql.Connection;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An exactly-once read model in PostgreSQL tables: the handler writes with the connection of a
 * transaction that also advances the projection's checkpoint (compare-and-set on its revision,
 * fenced by the lease token), so after any crash the tables hold exactly the events up to the
 * stored checkpoint. Events are applied in batches: a batch is committed when the subscription
 * has caught up (no more events to read), at the runner's tick, or when it reaches {@link
 * Builder#maxBatch} events (default {@value #DEFAULT_MAX_BATCH}), so no transaction grows without
 * bound or stays open while the projection waits: an open writing transaction holds back every
 * reader of the global log in the database. A failed commit
 * rolls back the whole batch with its checkpoint; the runner resumes from the stored checkpoint.
 *
 * <pre>{@code
 * JdbcProjection counts = JdbcProjection.builder("order-counts", store)
 *     .filter(EventFilter.categories("order"))
 *     .handler((event, connection) -> {
 *       try (PreparedStatement up = connection.prepareStatement(
 *           "INSERT INTO order_counts (stream, n) VALUES (?, 1)"
 *               + " ON CONFLICT (stream) DO UPDATE SET n = order_counts.n + 1")) {
 *         up.setString(1, event.streamId().value());
 *         up.executeUpdate();
 *       }
 *     })
 *     .reset(connection -> connection.createStatement().execute("TRUNCATE order_counts"))
 *     .maxBatch(1_000) // events per transaction at most; 500 by default
 *     .build();
 * ProjectionRunner runner = ProjectionRunner.builder(store, PostgresCheckpointStore.of(store))
 *     .lease(PostgresProjectionLease.of(store, Duration.ofSeconds(10))).build();
 * runner.register(counts);
 * runner.start("order-counts");
 * }</pre>
 *
 * <p>Run it with a {@link ProjectionRunner} whose checkpoint store is {@link
 * PostgresCheckpointStore#of} the same store: the runner drives it as a {@link
 * TransactionalProjection} and never saves its checkpoint separately. The read-model tables must be
 * in the store's database. A handler that throws leaves no partial writes: the transaction is
 * rolled back and the batch's earlier events are written again (no savepoint per event, which
 * would cost two round trips each), then the runner's error policy retries the event. So a handler
 * may run more than once for an event before its batch commits: it must write only through the
 * connection, and must not commit, roll back or close it. Thread-safe: the runner's handling and
 * committing are serialized here.
 */
public final class JdbcProjection implements TransactionalProjection {
  /** Events per transaction at most, unless {@link Builder#maxBatch} says otherwise. */
  public static final int DEFAULT_MAX_BATCH = 500;

  private final String name;
  private final EventFilter filter;
  private final JdbcEventHandler handler;
  private final JdbcReset reset;
  private final PostgresCheckpointStore checkpoints;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock();

  // guarded by lock
  private final ProjectionTransaction tx;
  private @Nullable Checkpoint stored;
  private long fencingToken;
  private GlobalPosition lastHandled = GlobalPosition.START;
  /** The last event handled is not the last one read from its stored event (a split). */
  private boolean midSplit;
  /**
   * False from a lost or abandoned batch until the next {@link #open}: events delivered meanwhile
   * are not written (the runner resumes from the stored checkpoint and delivers them again), so a
   * later batch can never commit a checkpoint past the rolled-back one.
   */
  private boolean accepting;

  private JdbcProjection(Builder b) {
    this.name = b.name;
    this.filter = b.filter;
    this.handler = Objects.requireNonNull(b.handler, "handler");
    this.reset = b.reset;
    this.checkpoints = PostgresCheckpointStore.of(b.store);
    this.maxBatch = b.maxBatch;
    this.tx = new ProjectionTransaction(b.name, b.store.dataSource());
  }

  /** A builder for the projection {@code name} over {@code store}'s database. */
  public static Builder builder(String name, PostgresEventStore store) {
    return new Builder(name, store);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public EventFilter filter() {
    return filter;
  }

  /** Events per transaction at most. */
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public void open(Checkpoint stored, long fencingToken) {
    lock.lock();
    try {
      tx.rollbackQuietly();
      midSplit = false;
      accepting = true;
      this.stored = Objects.requireNonNull(stored, "stored");
      this.fencingToken = fencingToken;
      this.lastHandled = stored.position();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void handle(RecordedEvent<?> event) throws Exception {
    lock.lock();
    try {
      requireOpen();
      if (!accepting) {
        return; // the batch is lost: the runner resumes from the stored checkpoint, redelivering
      }
      Connection c = tx.connection();
      try {
        handler.handle(event, c);
      } catch (Exception e) {
        tx.redo(reset, handler, e); // undoes this event's writes; if that fails, the batch is lost
        if (tx.lost() != null) {
          accepting = false; // the runner's next commit raises the loss and resumes from stored
          return;
        }
        throw e;
      }
      lastHandled = event.position();
      midSplit = !Upcaster.completesStoredEvent(event);
      if (tx.eventWritten(event) >= maxBatch && !midSplit) {
        try {
          commitBatch(lastHandled); // full: commit it now rather than at the runner's next tick
        } catch (RuntimeException e) {
          // not the handler's failure: the transaction is marked lost, and the runner's next
          // commit raises it (a stale checkpoint makes it stand down, anything else resumes it)
          accepting = false;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reset() throws Exception {
    lock.lock();
    try {
      requireOpen();
      reset.reset(tx.connection());
      tx.resetWritten();
      accepting = true; // a rebuild starts a fresh batch
      lastHandled = GlobalPosition.START; // the next commit stores START with the cleared tables
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Checkpoint commit(GlobalPosition position) {
    lock.lock();
    try {
      RuntimeException gone = tx.lost();
      if (gone != null) {
        tx.rollbackQuietly();
        midSplit = false;
        accepting = false;
        throw gone; // a stale checkpoint makes the runner stand down; anything else restarts it
      }
      if (!accepting) {
        return requireOpen(); // nothing was written since the loss; the runner resumes from stored
      }
      if (midSplit && lastHandled.isAfter(position)) {
        // half a split is handled and the runner has not passed it: commit with its last part
        // (once the runner passed it, its last part was given up on: commit what was written)
        return requireOpen();
      }
      return commitBatch(lastHandled.isAfter(position) ? lastHandled : position);
    } finally {
      lock.unlock();
    }
  }

  /** Commits the pending writes with the checkpoint at {@code target}, under the lock. */
  private Checkpoint commitBatch(GlobalPosition target) {
    Checkpoint expected = requireOpen();
    if (!tx.pending() && target.equals(expected.position())) {
      return expected;
    }
    Checkpoint next = tx.commit(checkpoints, expected, target, fencingToken);
    stored = next;
    return next;
  }

  @Override
  public void abandon() {
    lock.lock();
    try {
      tx.rollbackQuietly();
      midSplit = false;
      accepting = false;
      if (stored != null) {
        lastHandled = stored.position();
      }
    } finally {
      lock.unlock();
    }
  }

  private Checkpoint requireOpen() {
    if (stored == null) {
      throw new IllegalStateException("projection " + name + " is not open: run it with a"
          + " ProjectionRunner over a PostgresCheckpointStore");
    }
    return stored;
  }

  @Override
  public String toString() {
    return "JdbcProjection[" + name + ", " + filter + ", maxBatch " + maxBatch + "]";
  }

  /** Handles one event with the connection of the projection's open transaction. */
  @FunctionalInterface
  public interface JdbcEventHandler {
    /** Writes the read model for {@code event}; never commits, rolls back or closes. */
    void handle(RecordedEvent<?> event, Connection connection) throws Exception;
  }

  /** Clears the read model before a rebuild, in the transaction that resets the checkpoint. */
  @FunctionalInterface
  public interface JdbcReset {
    /** Deletes or truncates the read model's rows; never commits, rolls back or closes. */
    void reset(Connection connection) throws Exception;
  }

  /** Configures a {@link JdbcProjection}; a handler is required. */
  public static final class Builder {
    private final String name;
    private final PostgresEventStore store;
    private EventFilter filter = EventFilter.all();
    private @Nullable JdbcEventHandler handler;
    private JdbcReset reset = connection -> {};
    private int maxBatch = DEFAULT_MAX_BATCH;

    private Builder(String name, PostgresEventStore store) {
      this.name = Objects.requireNonNull(name, "name");
      this.store = Objects.requireNonNull(store, "store");
      Projection.of(name, event -> { }); // validates the name
    }

    /** The events it wants; all by default (pushed down to the database). */
    public Builder filter(EventFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Writes the read model for one event (required). */
    public Builder handler(JdbcEventHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Clears the read model before a rebuild; nothing by default. */
    public Builder reset(JdbcReset reset) {
      this.reset = Objects.requireNonNull(reset, "reset");
      return this;
    }

    /**
     * Events per transaction at most ({@value #DEFAULT_MAX_BATCH} by default): a batch that
     * reaches it is committed at once with its checkpoint. Larger batches commit less often;
     * smaller ones hold fewer locks and redo less after a failure.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxBatch(int maxBatch) {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be >= 1 but was " + maxBatch);
      }
      this.maxBatch = maxBatch;
      return this;
    }

    /** The projection. @throws IllegalStateException without a handler */
    public JdbcProjection build() {
      if (handler == null) {
        throw new IllegalStateException("a handler is required: call handler((event, connection)"
            + " -> ...)");
      }
      return new JdbcProjection(this);
    }
  }
}
