package dev.eventcore.postgres;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.DeadLetterStore;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.TransactionalProjection;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An exactly-once read model in PostgreSQL tables: the handler writes with the connection of a
 * transaction that also advances the projection's checkpoint (compare-and-set on its revision,
 * fenced by the lease token), so after any crash the tables hold exactly the events up to the
 * stored checkpoint, never one twice. Handled events are kept in memory, with no transaction
 * open, and written and committed together as one batch when the batch reaches {@link
 * Builder#maxBatch} events (default {@value #DEFAULT_MAX_BATCH}) or its oldest event has waited
 * {@link Builder#maxDelay} (default 20 ms), and on pause, stop and rebuild. The transaction is
 * short: an open writing transaction holds back every reader of the global log in the database.
 *
 * <pre>{@code
 * JdbcProjection counts = JdbcProjection.builder("order-counts", store)
 *     .filter(EventFilter.categories("order"))
 *     .batchHandler((events, connection) -> {        // or .handler((event, connection) -> ...)
 *       try (PreparedStatement up = connection.prepareStatement(
 *           "INSERT INTO order_counts (stream, n) VALUES (?, 1)"
 *               + " ON CONFLICT (stream) DO UPDATE SET n = order_counts.n + 1")) {
 *         for (RecordedEvent<?> event : events) {
 *           up.setString(1, event.streamId().value());
 *           up.addBatch();
 *         }
 *         up.executeBatch();                           // one round trip for the whole batch
 *       }
 *     })
 *     .reset(connection -> connection.createStatement().execute("TRUNCATE order_counts"))
 *     .maxBatch(1_000)                                 // events per transaction at most
 *     .maxDelay(Duration.ofMillis(20))                 // how long an event waits uncommitted
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
 * in the store's database. Give it exactly one of a per-event {@link Builder#handler} (called for
 * each event of a batch in turn, one statement each) and a {@link Builder#batchHandler} (called
 * with the whole batch, for JDBC batches or set-based SQL).
 *
 * <p>Failures: when the handler throws on a batch, the transaction is rolled back and the event
 * at fault found (a per-event handler names it; for a batch handler, prefixes of the batch are
 * tried, halving). The events before it are committed; the rest are delivered again from that
 * checkpoint, the one at fault written alone, so the runner's error policy applies to exactly it
 * (retried, then stopped at or dead-lettered), no event lost or written twice. So a handler may
 * run more than once for an event: it must write only through the connection, and never commit,
 * roll back or close it. A failed commit rolls back the batch with its checkpoint; the runner
 * resumes from the stored one. A dead letter replayed ({@code ProjectionRunner.replayDeadLetter})
 * is written in a transaction of its own that removes its letter from a {@link
 * PostgresDeadLetterStore} of the same store: both or neither. Thread-safe: handling and
 * committing are serialized here.
 *
 * @since 0.1.0
 */
public final class JdbcProjection implements TransactionalProjection {
  /** Events per transaction at most, unless {@link Builder#maxBatch} says otherwise. */
  public static final int DEFAULT_MAX_BATCH = 500;

  /** How long a handled event waits uncommitted at most, unless {@link Builder#maxDelay} says. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(20);

  /** The longest {@link Builder#maxDelay} allowed. */
  public static final Duration MAX_DELAY_LIMIT = Duration.ofMinutes(1);

  private final String name;
  private final EventFilter filter;
  private final int maxBatch;
  private final Duration maxDelay;
  private final ReentrantLock lock = new ReentrantLock();
  private final ProjectionBatch batch; // guarded by lock
  private final JdbcReplay replays;

  private JdbcProjection(Builder b) {
    this.name = b.name;
    this.filter = b.filter;
    this.maxBatch = b.maxBatch;
    this.maxDelay = b.maxDelay;
    JdbcBatchHandler handler = b.batchHandler != null
        ? b.batchHandler
        : BatchFault.perEvent(Objects.requireNonNull(b.handler, "handler"));
    this.batch = new ProjectionBatch(name, handler, b.reset, b.store, maxBatch, maxDelay.toNanos());
    this.replays = new JdbcReplay(name, handler, b.store);
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

  /** How long a handled event waits uncommitted at most (the runner commits then). */
  public Duration maxDelay() {
    return maxDelay;
  }

  @Override
  public Duration commitDelay() {
    return maxDelay;
  }

  @Override
  public OptionalLong pendingSince() {
    return batch.pendingSince(); // volatile views: the runner reads them without the lock
  }

  @Override
  public Optional<Checkpoint> lastCommitted() {
    return batch.lastCommitted();
  }

  @Override
  public boolean redeliveryNeeded() {
    return batch.redeliveryNeeded();
  }

  @Override
  public void open(Checkpoint stored, long fencingToken) {
    lock.lock();
    try {
      batch.open(stored, fencingToken);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void handle(RecordedEvent<?> event) throws Exception {
    lock.lock();
    try {
      batch.handle(event);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reset() throws Exception {
    lock.lock();
    try {
      batch.reset();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Checkpoint commit(GlobalPosition position) {
    lock.lock();
    try {
      return batch.commit(position);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void abandon() {
    lock.lock();
    try {
      batch.abandon();
    } finally {
      lock.unlock();
    }
  }

  /** Writes the event again with its letters' removal and the fenced checkpoint, all or none. */
  @Override
  public Checkpoint replay(List<RecordedEvent<?>> events, Checkpoint stored, long fencingToken,
      DeadLetterStore deadLetters) throws Exception {
    return replays.replay(events, stored, fencingToken, deadLetters);
  }

  @Override
  public String toString() {
    return "JdbcProjection[" + name + ", " + filter + ", " + maxBatch + ", " + maxDelay + "]";
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

  /** Configures a {@link JdbcProjection}; exactly one of a handler and a batch handler. */
  public static final class Builder {
    private final String name;
    private final PostgresEventStore store;
    private EventFilter filter = EventFilter.all();
    private @Nullable JdbcEventHandler handler;
    private @Nullable JdbcBatchHandler batchHandler;
    private JdbcReset reset = connection -> {};
    private int maxBatch = DEFAULT_MAX_BATCH;
    private Duration maxDelay = DEFAULT_MAX_DELAY;

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

    /** Writes the read model for one event; or set a {@link #batchHandler} instead. */
    public Builder handler(JdbcEventHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Writes the read model for a batch of events; or set a {@link #handler} instead. */
    public Builder batchHandler(JdbcBatchHandler batchHandler) {
      this.batchHandler = Objects.requireNonNull(batchHandler, "batchHandler");
      return this;
    }

    /** Clears the read model before a rebuild; nothing by default. */
    public Builder reset(JdbcReset reset) {
      this.reset = Objects.requireNonNull(reset, "reset");
      return this;
    }

    /**
     * Events per transaction at most ({@value #DEFAULT_MAX_BATCH} by default): a batch that
     * reaches it is written and committed at once with its checkpoint. Larger batches commit less
     * often; smaller ones hold locks for less time.
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

    /**
     * How long a handled event waits uncommitted at most (20 ms by default): the batch is
     * committed once its oldest event has waited this long, even if it is not full. This bounds
     * the read model's lag behind the log; zero commits each event at once, alone.
     *
     * @throws IllegalArgumentException if negative or above {@link #MAX_DELAY_LIMIT} (1 minute)
     */
    public Builder maxDelay(Duration maxDelay) {
      Objects.requireNonNull(maxDelay, "maxDelay");
      if (maxDelay.isNegative() || maxDelay.compareTo(MAX_DELAY_LIMIT) > 0) {
        throw new IllegalArgumentException(
            "maxDelay must be between 0 and " + MAX_DELAY_LIMIT + " but was " + maxDelay);
      }
      this.maxDelay = maxDelay;
      return this;
    }

    /**
     * The projection.
     *
     * @throws IllegalStateException without a handler or batch handler, or with both
     */
    public JdbcProjection build() {
      if (handler == null && batchHandler == null) {
        throw new IllegalStateException("a handler is required: call handler((event, connection)"
            + " -> ...) or batchHandler((events, connection) -> ...)");
      }
      if (handler != null && batchHandler != null) {
        throw new IllegalStateException("set either handler(...) or batchHandler(...), not both");
      }
      return new JdbcProjection(this);
    }
  }
}
