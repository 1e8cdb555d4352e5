package dev.eventcore.postgres;

import dev.eventcore.RecordedEvent;
import java.sql.Connection;
import java.util.List;

/**
 * Writes a {@link JdbcProjection}'s read model for a batch of events, in global order, with the
 * connection of the projection's open transaction: one JDBC batch ({@code addBatch}/{@code
 * executeBatch}, one round trip) or set-based SQL for all of them, instead of a statement per
 * event. The list is read-only and valid during the call only. A batch may be handed over again
 * (after a rollback, or in parts while the event at fault in a failed batch is found), so write
 * only through the connection.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface JdbcBatchHandler {
  /** Writes the read model for {@code events}; never commits, rolls back or closes. */
  void handle(List<RecordedEvent<?>> events, Connection connection) throws Exception;
}
