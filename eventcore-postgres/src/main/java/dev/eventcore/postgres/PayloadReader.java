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
 * Reads a stream's payloads for folding. The first {@link StreamReader#HEAD} events come whole
 * from {@code read_stream} (one round trip, a plan made once per session); the rest as six columns
 * of the twelve a stream read takes (version, type and the payload's columns: no metadata, id,
 * position or time, which the server would have to format and the client to parse), by a plain
 * statement for the next {@link EventQuery#FETCH_SIZE}, then a cursor read in index order. A
 * payload the codecs cannot decode ends the read there; that one event is then read whole, so it is
 * handed over as the same raw envelope a stream read returns. Thread-safe.
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

  /** Hands the payloads of {@code stream} from version {@code from} on to {@code action}. */
  long read(StreamId stream, long from, ObjLongConsumer<Object> action) {
    String what = "readPayloads " + stream;
    long[] next = {from};
    long handed = query.run(what, names.readStreamHeadSql, Plans.REUSED, StreamReader.HEAD, false,
        statement -> StreamReader.bind(statement, stream, from, StreamReader.HEAD), chunk -> {
          for (RecordedEvent<?> event : chunk) {
            action.accept(event.payload(), event.version().value());
          }
          next[0] = chunk.get(chunk.size() - 1).version().value() + 1;
        });
    if (handed < StreamReader.HEAD) {
      return handed;
    }
    while (true) {
      Tail tail = new Tail(stream, next[0], action);
      long plain = query.execute(what, names.readPayloadsSql, Plans.CUSTOM, false,
          (c, statement) -> tail.read(statement, EventQuery.FETCH_SIZE));
      long more = plain;
      if (tail.failedAt < 0 && plain == EventQuery.FETCH_SIZE) {
        more += query.execute(what, names.readPayloadsSql, Plans.CUSTOM_IN_INDEX_ORDER, true,
            (c, statement) -> tail.read(statement, Long.MAX_VALUE));
      }
      handed += more;
      if (tail.failedAt < 0) {
        return handed;
      }
      // read whole, with no cursor open: its raw envelope, as a stream read returns it
      for (RecordedEvent<?> whole : streams.read(stream, tail.failedAt, 1)) {
        action.accept(whole.payload(), whole.version().value());
        handed++;
      }
      next[0] = tail.failedAt + 1;
    }
  }

  /** Payload rows of one stream from a version on; stops at the first it cannot decode. */
  private final class Tail {
    private final StreamId stream;
    private final ObjLongConsumer<Object> action;
    private long next;
    long failedAt = -1;

    Tail(StreamId stream, long from, ObjLongConsumer<Object> action) {
      this.stream = stream;
      this.next = from;
      this.action = action;
    }

    long read(PreparedStatement statement, long limit) throws SQLException {
      StreamReader.bind(statement, stream, next, limit);
      long count = 0;
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          long version = row.getLong(1);
          Object payload = decode(row, version);
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

    private @Nullable Object decode(ResultSet row, long version) throws SQLException {
      String type = row.getString(2);
      byte[] data = row.getBytes(3);
      int revision = row.getInt(4);
      String codec = row.getString(5);
      if (data == null) {
        data = row.getBytes(6);
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
