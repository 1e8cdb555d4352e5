package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StoreFailureException;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.observe.Observer;
import dev.eventcore.spi.EncodedPayloads;
import dev.eventcore.spi.IdempotentRetry;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
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
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Writes batches of appends with one call of the schema's {@code append_batch} function: one round
 * trip and one commit for the whole batch, whatever the number of appends, streams and events. A
 * lone append of events to one stream first tries the {@link DirectAppend direct path} (one INSERT),
 * and calls the function only when that path wrote nothing (a version miss, a stored id, a race).
 * Each append is checked on its own by the function; this class turns its per-append outcome into
 * an {@link AppendResult} or the exception the in-memory store would throw. Thread-safe.
 */
final class AppendWriter {
  private static final Pattern STREAM_VERSION_KEY =
      Pattern.compile("\\(stream_id, version\\)=\\((.*), (\\d+)\\)");
  private static final Pattern EVENT_ID_KEY = Pattern.compile("\\(event_id\\)=\\(([0-9a-f-]{36})\\)");

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

  /**
   * An append with its payloads and metadata already encoded (and size-checked): payloads as
   * JSON text in {@code data} or, for a binary codec, as bytes in {@code binary} ({@code data}
   * then holds nulls; {@code binary} is null for a JSON codec); {@code bytes} is their size,
   * checked against the append limit and bounding a group-commit batch.
   */
  @SuppressWarnings("ArrayRecordComponent") // internal: built once, read by index, never compared
  record Encoded(PreparedAppend append, int[] revisions, String[] data, byte @Nullable [][] binary,
      String[] metadata, long bytes) {}

  /** What became of one append of a batch: a result or the failure to throw. */
  record Outcome(@Nullable AppendResult result, @Nullable RuntimeException failure) {
    AppendResult get() {
      if (failure != null) {
        throw failure;
      }
      return Objects.requireNonNull(result, "an outcome without a failure has a result");
    }
  }

  private final Observer observer;
  private final DataSource dataSource;
  private final Codecs codecs;
  private final MetadataJson metadataJson;
  private final long maxAppendBytes;
  private final DirectAppend direct;
  private final String appendSql;

  AppendWriter(DataSource dataSource, SchemaNames names, Codecs codecs, long maxAppendBytes,
      Observer observer) {
    this.observer = observer;
    this.maxAppendBytes = maxAppendBytes;
    this.dataSource = dataSource;
    this.codecs = codecs;
    this.metadataJson = codecs.metadata();
    this.direct = new DirectAppend(names, codecs);
    this.appendSql = codecs.writesPlainJson() ? names.appendSql : names.appendCodecSql;
  }

  /** Encodes an append's payloads and metadata, failing before any SQL on bad or large data. */
  Encoded encode(PreparedAppend append) {
    int[] revisions = new int[append.eventCount()];
    String[] data = new String[append.eventCount()];
    byte[][] binary = codecs.writesJson() ? null : new byte[append.eventCount()][];
    String[] metadata = new String[append.eventCount()];
    int n = 0;
    long bytes = 0;
    for (PreparedStream part : append.streams()) {
      int index = 0;
      for (PreparedEvent event : part.events()) {
        int i = index++;
        revisions[n] = codecs.revisionOf(event.payload());
        Codecs.Encoded payload =
            codecs.encode(event.payload(), () -> "payload" + what(part, event, i));
        data[n] = payload.json();
        if (binary != null) {
          binary[n] = payload.binary();
        }
        metadata[n] =
            metadataJson.encodeMetadata(event.metadata(), () -> "metadata" + what(part, event, i));
        bytes += payload.bytes() + MetadataJson.utf8Length(metadata[n]);
        EncodedPayloads.checkAppendSize(bytes, maxAppendBytes, i, part.stream());
        n++;
      }
    }
    if (observer != Observer.NONE) {
      observer.encoded(append.eventCount(), bytes);
    }
    return new Encoded(append, revisions, data, binary, metadata, bytes);
  }

  private static String what(PreparedStream part, PreparedEvent event, int index) {
    return " of event " + index + " (" + event.type() + ") for stream " + part.stream();
  }

  /**
   * Writes the batch in one round trip and one commit.
   *
   * @return one outcome per append, in order
   * @throws RuntimeException a translated failure of the whole batch (nothing of it written, or,
   *     for a {@link dev.eventcore.TransientStoreException} with an unknown outcome, all or nothing)
   */
  List<Outcome> write(List<Encoded> batch) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw SqlErrors.translate("append", e, false);
    }
    try (connection) {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      if (batch.size() == 1 && DirectAppend.applies(batch.get(0).append())) {
        AppendResult written = direct.write(connection, batch.get(0));
        if (written != null) {
          return List.of(new Outcome(written, null));
        }
      }
      try (PreparedStatement statement = connection.prepareStatement(appendSql)) {
        bind(statement, batch);
        if (!codecs.writesPlainJson()) {
          bindCodec(statement, batch);
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        try (ResultSet rows = statement.executeQuery()) {
          for (Encoded encoded : batch) {
            if (!rows.next()) {
              throw new StoreFailureException("the schema's append_batch function returned"
                  + " fewer rows than appends: is the schema the one this version installs?", null);
            }
            outcomes.add(outcome(encoded.append(), rows));
          }
        }
        return outcomes;
      }
    } catch (SQLException e) {
      RuntimeException constraint = constraintViolation(batch, e);
      throw constraint != null ? constraint : SqlErrors.translate("append", e, true);
    }
  }

  private static void bind(PreparedStatement statement, List<Encoded> batch)
      throws SQLException {
    int parts = 0;
    int events = 0;
    for (Encoded encoded : batch) {
      parts += encoded.append().streams().size();
      events += encoded.append().eventCount();
    }
    int[] appendParts = new int[batch.size()];
    String[] streams = new String[parts];
    long[] expected = new long[parts];
    int[] counts = new int[parts];
    UUID[] ids = new UUID[events];
    String[] types = new String[events];
    int[] revisions = new int[events];
    String[] data = new String[events];
    String[] metadata = new String[events];
    int a = 0;
    int p = 0;
    int e = 0;
    for (Encoded encoded : batch) {
      appendParts[a++] = encoded.append().streams().size();
      int local = 0;
      for (PreparedStream part : encoded.append().streams()) {
        streams[p] = part.stream().value();
        expected[p] = code(part.expected());
        counts[p++] = part.events().size();
        for (PreparedEvent event : part.events()) {
          ids[e] = event.id().value();
          types[e] = event.type();
          revisions[e] = encoded.revisions()[local];
          data[e] = encoded.data()[local];
          metadata[e++] = encoded.metadata()[local++];
        }
      }
    }
    // pgjdbc binds Java arrays directly (binary where it can), without java.sql.Array objects
    statement.setObject(1, appendParts);
    statement.setObject(2, streams);
    statement.setObject(3, expected);
    statement.setObject(4, counts);
    statement.setObject(5, ids);
    statement.setObject(6, types);
    statement.setObject(7, revisions);
    statement.setObject(8, data);
    statement.setObject(9, metadata);
  }

  /** Binds V11's parameters: the codec's column value and the binary payloads (or nulls). */
  private void bindCodec(PreparedStatement statement, List<Encoded> batch) throws SQLException {
    int events = 0;
    for (Encoded encoded : batch) {
      events += encoded.append().eventCount();
    }
    byte[][] binary = new byte[events][];
    if (!codecs.writesJson()) {
      int e = 0;
      for (Encoded encoded : batch) {
        byte[][] payloads = Objects.requireNonNull(encoded.binary(), "a binary codec's payloads");
        System.arraycopy(payloads, 0, binary, e, payloads.length);
        e += payloads.length;
      }
    }
    statement.setString(10, codecs.writerColumn());
    statement.setObject(11, binary);
  }

  /** -1 any, -2 stream exists, else the exact version (0 for no stream). */
  static long code(ExpectedVersion expected) {
    if (expected instanceof ExpectedVersion.Exactly) {
      return ((ExpectedVersion.Exactly) expected).version().value();
    }
    if (expected instanceof ExpectedVersion.NoStream) {
      return 0;
    }
    return expected instanceof ExpectedVersion.StreamExists ? -2 : -1;
  }

  private static Outcome outcome(PreparedAppend append, ResultSet row) throws SQLException {
    String outcome = row.getString(OUTCOME);
    Long[] versions = longs(row.getArray(VERSIONS));
    List<PreparedStream> parts = append.streams();
    if ("W".equals(outcome)) {
      Map<StreamId, Version> after = new LinkedHashMap<>();
      for (int i = 0; i < parts.size(); i++) {
        after.put(parts.get(i).stream(), Version.of(versions[i]));
      }
      return new Outcome(
          new AppendResult(after, GlobalPosition.of(row.getLong(FIRST_POSITION)),
              GlobalPosition.of(row.getLong(LAST_POSITION))),
          null);
    }
    if ("V".equals(outcome)) {
      int miss = row.getInt(MISS_PART) - 1;
      PreparedStream part = parts.get(miss);
      return new Outcome(null, new WrongExpectedVersionException(
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
          stream[i], version[i], position[i], Boolean.TRUE.equals(same[i]));
    }
    try {
      // append_batch reports a check-only stream's version just before the first stored event
      return new Outcome(IdempotentRetry.result(append, stored,
          (part, first) -> Version.of(versions[part])), null);
    } catch (DuplicateEventIdException e) {
      return new Outcome(null, e);
    }
  }

  private static Long[] longs(Array array) throws SQLException {
    return (Long[]) array.getArray();
  }

  /** Unique violations the function's checks should have prevented, as the in-memory store's errors. */
  private static @Nullable RuntimeException constraintViolation(
      List<Encoded> batch, SQLException e) {
    if (!"23505".equals(e.getSQLState()) || !(e instanceof PSQLException)) {
      return null;
    }
    ServerErrorMessage server = ((PSQLException) e).getServerErrorMessage();
    if (server == null || server.getDetail() == null || batch.size() != 1) {
      return null;
    }
    PreparedAppend append = batch.get(0).append();
    Matcher key = EVENT_ID_KEY.matcher(server.getDetail());
    if (key.find()) {
      return new DuplicateEventIdException(
          EventId.of(UUID.fromString(key.group(1))), "another append stored it concurrently");
    }
    key = STREAM_VERSION_KEY.matcher(server.getDetail());
    if (key.find()) {
      for (PreparedStream part : append.streams()) {
        if (part.stream().value().equals(key.group(1))) {
          return new WrongExpectedVersionException(
              part.stream(), part.expected(), Version.of(Long.parseLong(key.group(2))));
        }
      }
    }
    return null;
  }
}
