package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StoreFailureException;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.spi.IdempotentRetry;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a batch of appends with one call of the schema's {@code append_batch} function, which
 * checks each append on its own (expected versions, stored and repeated event ids, idempotent
 * retries) under its streams' locks, and turns its per-append rows into outcomes: the path for
 * every append the direct paths do not take or leave undecided. Thread-safe.
 */
final class FunctionAppend {
  // append_batch's result columns, by index (a name look-up builds a map per result set)
  private static final int OUTCOME = 1;
  private static final int VERSIONS = 2;
  private static final int FIRST_POSITION = 3;
  private static final int LAST_POSITION = 4;
  private static final int MISS_PART = 5;
  private static final int DUP_EVENT = 6;
  private static final int DUP_STREAM = 7;
  private static final int DUP_VERSION = 8;
  private static final int DUP_POSITION = 9;
  private static final int DUP_SAME = 10;

  private final String appendSql;
  private final SchemaNames names;
  private final Codecs codecs;
  /** Whether the function takes the codec's parameters (V11's signature). */
  private final boolean codecParameters;
  /** The NOTIFY channel, the last parameter of the in-transaction function; null for the batch. */
  private final @Nullable String channel;

  /** Binds the parameters before the append's (a guarded append's check); the next index. */
  interface Prefix {
    /** No parameters before the append's. */
    Prefix NONE = statement -> 1;

    int bind(PreparedStatement statement) throws SQLException;
  }

  private FunctionAppend(SchemaNames names, String appendSql, Codecs codecs,
      boolean codecParameters, @Nullable String channel) {
    this.names = names;
    this.appendSql = appendSql;
    this.codecs = codecs;
    this.codecParameters = codecParameters;
    this.channel = channel;
  }

  /** {@code append_batch}: V6's function for the JSON codec, V11's for the others. */
  static FunctionAppend batch(SchemaNames names, Codecs codecs) {
    boolean plain = codecs.writesPlainJson();
    return new FunctionAppend(names, plain ? names.appendSql : names.appendCodecSql, codecs, !plain, null);
  }

  /**
   * {@code append_in_transaction} (V14): {@code append_batch} in a caller's transaction, with the
   * stream-order check and a NOTIFY on {@code channel} delivered at the caller's commit.
   */
  static FunctionAppend inTransaction(SchemaNames names, Codecs codecs) {
    return new FunctionAppend(names, names.appendInTransactionSql, codecs, true, names.channel);
  }

  /**
   * {@code dcb_append} (V19): {@code append_batch} after a boundary check, whose parameters come
   * first ({@link Prefix}).
   */
  static FunctionAppend guarded(SchemaNames names, Codecs codecs) {
    return new FunctionAppend(names, "SELECT * FROM " + names.qualified("dcb_append")
        + "(?, ?, ?, CAST(? AS xid8), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", codecs, true,
        null);
  }

  /** One call of {@code append_batch} for the batch: one outcome per append, in order. */
  List<AppendWriter.Outcome> write(Connection connection, List<AppendWriter.Encoded> batch)
      throws SQLException {
    return write(connection, batch, Prefix.NONE);
  }

  /** One call for the batch, {@code prefix}'s parameters first. */
  List<AppendWriter.Outcome> write(Connection connection, List<AppendWriter.Encoded> batch,
      Prefix prefix) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(appendSql)) {
      bind(statement, prefix.bind(statement) - 1, batch);
      List<AppendWriter.Outcome> outcomes = new ArrayList<>(batch.size());
      try (ResultSet rows = statement.executeQuery()) {
        for (AppendWriter.Encoded encoded : batch) {
          if (!rows.next()) {
            throw new StoreFailureException("the schema's append_batch function returned"
                + " fewer rows than appends: is the schema the one this version installs?", null);
          }
          outcomes.add(outcome(encoded.append(), rows));
        }
      }
      return outcomes;
    }
  }

  private void bind(PreparedStatement statement, int at, List<AppendWriter.Encoded> batch)
      throws SQLException {
    BatchArrays arrays = BatchArrays.of(names, batch);
    statement.setObject(at + 1, arrays.appendParts());
    statement.setObject(at + 2, arrays.streams());
    statement.setObject(at + 3, arrays.expected());
    statement.setObject(at + 4, arrays.counts());
    statement.setObject(at + 5, arrays.ids());
    statement.setObject(at + 6, arrays.types());
    statement.setObject(at + 7, arrays.revisions());
    statement.setObject(at + 8, arrays.data());
    statement.setObject(at + 9, arrays.metadata());
    if (codecParameters) { // V11's parameters: the codec's column value, binary payloads
      statement.setString(at + 10, codecs.writerColumn());
      statement.setObject(at + 11, arrays.binary());
    }
    if (channel != null) {
      statement.setString(at + 12, channel);
    }
  }

  private AppendWriter.Outcome outcome(PreparedAppend append, ResultSet row) throws SQLException {
    String outcome = row.getString(OUTCOME);
    Long[] versions = longs(row.getArray(VERSIONS));
    List<PreparedStream> parts = append.streams();
    if ("W".equals(outcome)) {
      Map<StreamId, Version> after = new LinkedHashMap<>();
      for (int i = 0; i < parts.size(); i++) {
        after.put(parts.get(i).stream(), Version.of(versions[i]));
      }
      return new AppendWriter.Outcome(
          new AppendResult(after, GlobalPosition.of(row.getLong(FIRST_POSITION)),
              GlobalPosition.of(row.getLong(LAST_POSITION))),
          null);
    }
    if ("V".equals(outcome)) {
      int miss = row.getInt(MISS_PART) - 1;
      PreparedStream part = parts.get(miss);
      return new AppendWriter.Outcome(null, new WrongExpectedVersionException(
          part.stream(), part.expected(), Version.of(versions[miss])));
    }
    Integer[] index = (Integer[]) row.getArray(DUP_EVENT).getArray();
    String[] stream = (String[]) row.getArray(DUP_STREAM).getArray();
    Long[] version = longs(row.getArray(DUP_VERSION));
    Long[] position = longs(row.getArray(DUP_POSITION));
    Boolean[] same = (Boolean[]) row.getArray(DUP_SAME).getArray();
    IdempotentRetry.Stored[] stored = new IdempotentRetry.Stored[append.eventCount()];
    for (int i = 0; i < index.length; i++) {
      // null: a stored event of another codec than this append's (V6's function compares
      // JSON only), which is not the same event
      stored[index[i] - 1] = new IdempotentRetry.Stored(
          names.local(stream[i]), version[i], position[i], Boolean.TRUE.equals(same[i]));
    }
    try {
      // append_batch reports a check-only stream's version just before the first stored event
      return new AppendWriter.Outcome(IdempotentRetry.result(append, stored,
          (part, first) -> Version.of(versions[part])), null);
    } catch (DuplicateEventIdException e) {
      return new AppendWriter.Outcome(null, e);
    }
  }

  private static Long[] longs(Array array) throws SQLException {
    return (Long[]) array.getArray();
  }
}
