package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.observe.Observer;
import dev.eventcore.spi.EncodedPayloads;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Writes batches of appends: one round trip and one commit for a batch in the common cases. A lone
 * append of events to one stream first tries the {@link DirectAppend direct path} (one INSERT), a
 * lone multi-stream append on exact versions the {@link DirectMulti multi-stream one}; a
 * group-commit batch of single-event appends to distinct streams the {@link DirectBatch direct
 * batch} (one INSERT for all); what they take no decision on (a version miss, a stored id, a race)
 * and every other batch goes to the {@link FunctionAppend append_batch function}, which checks each
 * append on its own. Outcomes are results or the exceptions the in-memory store would throw.
 * Thread-safe.
 */
final class AppendWriter {
  private static final Pattern STREAM_VERSION_KEY =
      Pattern.compile("\\(stream_id, version\\)=\\((.*), (\\d+)\\)");
  private static final Pattern EVENT_ID_KEY = Pattern.compile("\\(event_id\\)=\\(([0-9a-f-]{36})\\)");

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
  private final SchemaNames names;
  private final Codecs codecs;
  private final MetadataJson metadataJson;
  private final long maxAppendBytes;
  private final DirectAppend direct;
  private final DirectBatch directBatch;
  private final DirectMulti directMulti;
  private final FunctionAppend function;
  private final FunctionAppend inTransaction;
  private final FunctionAppend guarded;

  AppendWriter(DataSource dataSource, SchemaNames names, Codecs codecs, long maxAppendBytes,
      Observer observer) {
    this.observer = observer;
    this.maxAppendBytes = maxAppendBytes;
    this.dataSource = dataSource;
    this.names = names;
    this.codecs = codecs;
    this.metadataJson = codecs.metadata();
    this.direct = new DirectAppend(names, codecs);
    this.directBatch = new DirectBatch(names, codecs);
    this.directMulti = new DirectMulti(names, codecs);
    this.function = FunctionAppend.batch(names, codecs);
    this.inTransaction = FunctionAppend.inTransaction(names, codecs);
    this.guarded = FunctionAppend.guarded(names, codecs);
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
    try (Connection connection = connect("append")) {
      // a connection of the application's pool may come with auto-commit off: then each step
      // commits (or, when it wrote nothing, rolls back) itself; its mode is never changed
      Statements steps = new Statements(connection, connection.getAutoCommit());
      if (batch.size() == 1) {
        Encoded one = batch.get(0);
        AppendResult written = DirectAppend.applies(one.append()) ? direct.write(connection, one)
            : DirectMulti.applies(one.append()) ? directMulti.write(connection, one) : null;
        if (written != null) {
          steps.commit();
          return List.of(new Outcome(written, null));
        }
        steps.rollback(); // a direct path that wrote nothing may have left its transaction aborted
      } else if (DirectBatch.applies(batch)) {
        List<Outcome> outcomes = writeDirectBatch(connection, batch, steps);
        steps.commit();
        return outcomes;
      }
      List<Outcome> outcomes = function.write(connection, batch);
      steps.commit();
      return outcomes;
    } catch (SQLException e) {
      if (batch.size() > 1 && (StreamLifeErrors.DELETED.equals(e.getSQLState())
          || SqlErrors.UNIQUE_VIOLATION.equals(e.getSQLState()))) {
        // nothing was written: an append to a deleted stream, or one that meets an archived
        // version or id (V17's check raises what the unique index would), fails or goes on alone
        return oneByOne(batch);
      }
      RuntimeException constraint = constraintViolation(batch, e);
      throw constraint != null ? constraint : SqlErrors.translate("append", e, true);
    }
  }

  /** A connection of the pool; failing to get one is translated as sending nothing. */
  private Connection connect(String what) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw SqlErrors.translate(what, e, false);
    }
  }

    /** Writes each append of {@code batch} on its own, each with its own outcome. */
  private List<Outcome> oneByOne(List<Encoded> batch) {
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    for (Encoded one : batch) {
      try {
        outcomes.add(write(List.of(one)).get(0));
      } catch (RuntimeException e) {
        outcomes.add(new Outcome(null, e));
      }
    }
    return outcomes;
  }

  /**
   * Writes {@code encoded} inside the caller's open transaction on {@code connection}, with {@code
   * append_in_transaction}: never commits, rolls back or changes the connection's mode. A version
   * miss or a stored id is thrown with the transaction still usable; an SQL failure leaves the
   * transaction for the caller to roll back.
   */
  AppendResult writeIn(Connection connection, Encoded encoded) {
    List<Encoded> one = List.of(encoded);
    AppendWriter.Outcome outcome;
    try {
      outcome = inTransaction.write(connection, one).get(0);
    } catch (SQLException e) {
      if (SqlErrors.isRetryableRollback(e)) {
        throw new TransientStoreException("append in the application's transaction was refused ("
            + e.getMessage() + "); the transaction is aborted: roll it back and retry it", e, false);
      }
      RuntimeException constraint = constraintViolation(one, e);
      throw constraint != null ? constraint : SqlErrors.translate(
          "append in the application's transaction (now aborted: roll it back)", e, false);
    }
    return outcome.get();
  }

  /**
   * Writes {@code encoded} with {@code dcb_append} after the boundary check {@code check} binds, in
   * a transaction of its own; a failed condition (EC002) is thrown as {@code conflict} makes it.
   */
  AppendResult writeGuarded(Encoded encoded, FunctionAppend.Prefix check,
      LongFunction<RuntimeException> conflict) {
    List<Encoded> one = List.of(encoded);
    try (Connection c = connect("conditional append")) {
      Statements steps = new Statements(c, c.getAutoCommit()); // an application's pool: either
      try {
        AppendResult result = guarded.write(c, one, check).get(0).get();
        steps.commit();
        return result;
      } catch (SQLException e) {
        steps.rollbackQuietly(e);
        throw e;
      }
    } catch (SQLException e) {
      if ("EC002".equals(e.getSQLState())) {
        throw conflict.apply(Long.parseLong(SqlErrors.serverDetail(e)));
      }
      RuntimeException constraint = constraintViolation(one, e);
      // sent: a lost connection may have lost the answer after the commit
      throw constraint != null ? constraint : SqlErrors.translate("conditional append", e, true);
    }
  }

  /** The direct batch, then {@code append_batch} for the appends it did not write. */
  private List<Outcome> writeDirectBatch(Connection connection, List<Encoded> batch,
      Statements steps) throws SQLException {
    @Nullable AppendResult[] written = directBatch.write(connection, batch);
    steps.commit(); // those written are committed before the rest is decided
    List<Encoded> rest = new ArrayList<>();
    for (int i = 0; i < written.length; i++) {
      if (written[i] == null) {
        rest.add(batch.get(i));
      }
    }
    List<Outcome> decided = rest.isEmpty() ? List.of() : decide(connection, rest, steps);
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    int next = 0;
    for (AppendResult result : written) {
      outcomes.add(result != null ? new Outcome(result, null) : decided.get(next++));
    }
    return outcomes;
  }

  /**
   * The outcomes of appends the direct batch left, after others of the batch committed: a failure
   * here must not be reported for those. If the call fails as a whole, each append is tried alone,
   * so one bad append fails alone.
   */
  private List<Outcome> decide(Connection connection, List<Encoded> rest, Statements steps) {
    try {
      return function.write(connection, rest);
    } catch (SQLException whole) {
      steps.rollbackQuietly(whole);
      List<Outcome> outcomes = new ArrayList<>(rest.size());
      for (Encoded one : rest) {
        try {
          outcomes.add(function.write(connection, List.of(one)).get(0));
          steps.commit();
        } catch (SQLException e) {
          steps.rollbackQuietly(e);
          RuntimeException constraint = constraintViolation(List.of(one), e);
          outcomes.add(new Outcome(null,
              constraint != null ? constraint : SqlErrors.translate("append", e, true)));
        }
      }
      return outcomes;
    }
  }

  /**
   * The end of each step of a write on a connection in the mode its pool gave it: nothing to do in
   * auto-commit mode, where each statement is its own transaction; else a commit or a rollback.
   */
  private record Statements(Connection connection, boolean autoCommit) {
    void commit() throws SQLException {
      if (!autoCommit) {
        connection.commit();
      }
    }

    void rollback() throws SQLException {
      if (!autoCommit) {
        connection.rollback();
      }
    }

    /** Rolls back, adding a failure to do so to {@code failure} (the connection is gone). */
    void rollbackQuietly(SQLException failure) {
      try {
        rollback();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** Unique violations the function's checks should have prevented, as the in-memory store's errors. */
  private @Nullable RuntimeException constraintViolation(
      List<Encoded> batch, SQLException e) {
    if (!SqlErrors.UNIQUE_VIOLATION.equals(e.getSQLState()) || !(e instanceof PSQLException)) {
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
        if (names.key(part.stream()).equals(key.group(1))) {
          return new WrongExpectedVersionException(
              part.stream(), part.expected(), Version.of(Long.parseLong(key.group(2))));
        }
      }
    }
    return null;
  }
}
