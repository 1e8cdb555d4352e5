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
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exactly-once read model in PostgreSQL tables: the handler writes with the connection of a
 * transaction that also advances the projection's checkpoint (compare-and-set on its revision,
 * fenced by the lease token), so after any crash the tables hold exactly the events up to the
 * stored checkpoint. Events are applied in batches: everything handled between two runner ticks
 * is one transaction.
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
 * in the store's database. Each event runs in a savepoint, so a handler that throws leaves no
 * partial writes and the runner's error policy retries it. The handler must not commit, roll back
 * or close the connection. Thread-safe: the runner's handling and committing are serialized here.
 */
public final class JdbcProjection implements TransactionalProjection {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcProjection.class);

  private final String name;
  private final EventFilter filter;
  private final JdbcEventHandler handler;
  private final JdbcReset reset;
  private final PostgresEventStore store;
  private final PostgresCheckpointStore checkpoints;
  private final ReentrantLock lock = new ReentrantLock();

  // guarded by lock
  private @Nullable Checkpoint stored;
  private long fencingToken;
  private @Nullable Connection connection;
  private boolean pending;
  private boolean broken;
  private GlobalPosition lastHandled = GlobalPosition.START;
  /** The last event handled is not the last one read from its stored event (a split). */
  private boolean midSplit;

  private JdbcProjection(Builder b) {
    this.name = b.name;
    this.filter = b.filter;
    this.handler = Objects.requireNonNull(b.handler, "handler");
    this.reset = b.reset;
    this.store = b.store;
    this.checkpoints = PostgresCheckpointStore.of(b.store);
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

  @Override
  public void open(Checkpoint stored, long fencingToken) {
    lock.lock();
    try {
      rollbackQuietly();
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
      Connection c = connection();
      Savepoint savepoint = c.setSavepoint();
      try {
        handler.handle(event, c);
        c.releaseSavepoint(savepoint);
      } catch (Exception e) {
        try {
          c.rollback(savepoint);
        } catch (SQLException lost) {
          broken = true; // the transaction is gone: the runner restarts from the checkpoint
          e.addSuppressed(lost);
        }
        throw e;
      }
      pending = true;
      lastHandled = event.position();
      midSplit = !Upcaster.completesStoredEvent(event);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reset() throws Exception {
    lock.lock();
    try {
      reset.reset(connection());
      pending = true;
      lastHandled = GlobalPosition.START; // the next commit stores START with the cleared tables
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Checkpoint commit(GlobalPosition position) {
    lock.lock();
    try {
      Checkpoint expected = requireOpen();
      if (midSplit) {
        return expected; // half a split is handled: commit with its last event, never before
      }
      GlobalPosition target = lastHandled.isAfter(position) ? lastHandled : position;
      if (!pending && target.equals(expected.position())) {
        return expected;
      }
      Checkpoint next;
      try {
        Connection c = connection();
        next = checkpoints.save(c, expected, target, fencingToken);
        c.commit();
      } catch (SQLException e) {
        throw SqlErrors.translate("committing projection " + name + " at " + target, e);
      }
      stored = next;
      pending = false;
      return next;
    } catch (RuntimeException e) {
      rollbackQuietly();
      throw e;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void abandon() {
    lock.lock();
    try {
      rollbackQuietly();
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

  /** The open transaction, begun on first use. */
  private Connection connection() throws SQLException {
    requireOpen();
    if (broken) {
      throw new IllegalStateException("projection " + name + ": its transaction was lost; the"
          + " runner resumes it from the stored checkpoint");
    }
    if (connection == null) {
      Connection c = store.dataSource().getConnection();
      try {
        c.setAutoCommit(false);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  private void rollbackQuietly() {
    midSplit = false;
    Connection c = connection;
    connection = null;
    pending = false;
    broken = false;
    if (c == null) {
      return;
    }
    try {
      try {
        c.rollback();
        c.setAutoCommit(true);
      } finally {
        c.close();
      }
    } catch (SQLException e) {
      LOG.debug("projection {}: rollback failed (the connection is gone): {}", name, e.toString());
    }
  }

  @Override
  public String toString() {
    return "JdbcProjection[" + name + ", " + filter + "]";
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
