package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Version;
import dev.eventcore.spi.PreparedAppend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The direct path for the most common group-commit batch, single-event appends to distinct
 * streams: one INSERT statement for the whole batch (in the schema's {@code append_singles}
 * function, V12, so that it is planned once per session) that, per append, locks the stream,
 * checks the expected version and writes the event, with no per-append SQL. It writes an append only when
 * nothing is in the way, like {@link DirectAppend} for a lone append; the appends it did not write
 * (a version miss, a stored id, a race) are left to {@code append_batch}, which decides each
 * exactly. Planning and running one statement costs a fraction of the function's per-call work,
 * which had made a small batch dearer on the server than the same appends one by one.
 *
 * <p>Why it is safe: each row takes its stream's advisory lock before its version is read and its
 * row inserted, in the order of the lock keys (as {@code append_batch} does, so two batches never
 * wait on each other in a cycle); the unique constraints reject a row whose version or id was taken
 * since the statement's snapshot, and such a row is skipped and reported back as not written, never
 * lost. It runs in autocommit mode: the statement is its own transaction, whose event ordinals are
 * the appends' indexes in the batch.
 */
final class DirectBatch {
  private final String sql;
  private final SchemaNames names;
  private final Codecs codecs;

  DirectBatch(SchemaNames names, Codecs codecs) {
    this.names = names;
    this.codecs = codecs;
    this.sql = "SELECT * FROM " + names.qualified("append_singles") + "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  /**
   * Whether {@code batch} can take the direct path: at least two appends, each of one event to one
   * stream, no stream and no event id twice.
   */
  static boolean applies(List<AppendWriter.Encoded> batch) {
    if (batch.size() < 2) {
      return false;
    }
    Set<String> streams = new HashSet<>();
    Set<UUID> ids = new HashSet<>();
    for (AppendWriter.Encoded encoded : batch) {
      PreparedAppend append = encoded.append();
      if (append.streams().size() != 1 || append.eventCount() != 1
          || !streams.add(append.streams().get(0).stream().value())
          || !ids.add(append.streams().get(0).events().get(0).id().value())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes each append of {@code batch} that nothing is in the way of, in one statement and one
   * commit, on {@code connection} in autocommit mode.
   *
   * @return per append, its result, or null where it was not written and {@code append_batch}
   *     must decide
   */
  @Nullable AppendResult[] write(Connection connection, List<AppendWriter.Encoded> batch)
      throws SQLException {
    BatchArrays arrays = BatchArrays.of(names, batch); // one part and one event per append
    @Nullable AppendResult[] results = new AppendResult[batch.size()];
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, arrays.streams());
      statement.setObject(2, arrays.expected());
      statement.setObject(3, arrays.ids());
      statement.setObject(4, arrays.types());
      statement.setObject(5, arrays.revisions());
      statement.setObject(6, arrays.data());
      statement.setObject(7, arrays.metadata());
      statement.setString(8, codecs.writerColumn());
      statement.setObject(9, arrays.binary());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          int index = rows.getInt(1);
          long base = Positions.of(rows.getLong(3), 0);
          GlobalPosition position = GlobalPosition.of(base | index);
          results[index] = new AppendResult(
              Map.of(batch.get(index).append().streams().get(0).stream(),
                  Version.of(rows.getLong(2))),
              position, position);
        }
      }
    }
    return results;
  }
}
