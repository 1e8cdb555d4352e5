package dev.eventcore.postgres;

import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.postgres.EventQuery.Plans;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stream's payloads for folding. The first {@link StreamReader#HEAD} events come from
 * {@code read_stream} (one round trip, a plan made once per session); the rest as six columns of
 * the twelve a stream read takes (version, type and the payload's columns: no metadata, id,
 * position or time, which the server would have to format and the client to parse), by a cursor
 * in a transaction whose planner may only walk the stream's index in order. Only
 * payloads are decoded, so only a payload the codecs cannot decode ends the read; that one event
 * is then read whole, so it is handed over as the same raw envelope a stream read returns.
 * Thread-safe.
 */
final class PayloadReader {
  private final SchemaNames names;
  private final EventQuery query;
  private final Codecs codecs;
  private final StreamReader streams;

  PayloadReader(SchemaNames names, EventQuery query, Codecs codecs, StreamReader streams) {
    this.names = names;
    this.query = query;
    this.codecs = codecs;
    this.streams = streams;
  }

  /** Where a row's version, type and payload columns are: in a whole row, in a payload row. */
  private record Columns(int version, int type, int data, int revision, int codec, int binary) {}

  private static final Columns WHOLE = new Columns(4, 6, 7, 10, 11, 12);
  private static final Columns PAYLOAD = new Columns(1, 2, 3, 4, 5, 6);

  /** Hands the payloads of {@code stream} from version {@code from} on to {@code action}. */
  long read(StreamId stream, long from, ObjLongConsumer<Object> action) {
    String what = "readPayloads " + stream;
    long handed = 0;
    long next = from;
    while (true) {
      Tail tail = new Tail(stream, next, action);
      long read = query.execute(what, names.readStreamHeadSql, Plans.REUSED, false,
          (c, statement) -> tail.read(statement, StreamReader.HEAD, WHOLE));
      if (tail.failedAt < 0 && read == StreamReader.HEAD) {
        read += query.execute(what, names.readPayloadsSql, Plans.CUSTOM_IN_INDEX_ORDER, true,
            (c, statement) -> tail.read(statement, Long.MAX_VALUE, PAYLOAD));
      }
      handed += read;
      if (tail.failedAt < 0) {
        return handed;
      }
      // read whole, with no statement open: its raw envelope, as a stream read returns it
      for (RecordedEvent<?> whole : streams.read(stream, tail.failedAt, 1)) {
        action.accept(whole.payload(), whole.version().value());
        handed++;
      }
      next = tail.failedAt + 1;
    }
  }

  /** Payload rows of one stream from a version on; stops at the first it cannot decode. */
  private final class Tail {
    private final StreamId stream;
    private final ObjLongConsumer<Object> action;
    private long next;
    long failedAt = -1;
    /** The type of the row before, whose string the next row of the same type reuses. */
    private @Nullable String lastType;

    Tail(StreamId stream, long from, ObjLongConsumer<Object> action) {
      this.stream = stream;
      this.next = from;
      this.action = action;
    }

    long read(PreparedStatement statement, long limit, Columns columns) throws SQLException {
      StreamReader.bind(statement, names.key(stream), next, limit);
      long count = 0;
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          long version = row.getLong(columns.version());
          Object payload = decode(row, version, columns);
          if (payload == null) {
            failedAt = version;
            return count;
          }
          action.accept(payload, version);
          next = version + 1;
          count++;
        }
      }
      return count;
    }

    private @Nullable Object decode(ResultSet row, long version, Columns columns)
        throws SQLException {
      String type = RowText.of(row, columns.type(), lastType);
      lastType = type;
      byte[] data = row.getBytes(columns.data());
      int revision = row.getInt(columns.revision());
      String codec = row.getString(columns.codec());
      if (data == null) {
        data = row.getBytes(columns.binary());
      }
      Supplier<String> where = () -> stream + "@" + version + " (type " + type
          + (revision == 1 ? "" : ", revision " + revision) + ")";
      try {
        return codecs.decode(type, revision, codec == null ? "" : codec, data, where);
      } catch (RuntimeException e) {
        return null; // read whole after the statement
      }
    }
  }
}
