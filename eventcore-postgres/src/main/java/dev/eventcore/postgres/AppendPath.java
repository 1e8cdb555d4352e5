package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.spi.PreparedAppend;
import java.sql.Connection;
import java.util.List;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The store's write side: encodes an append, writes it (alone, or group-committed with concurrent
 * ones) and tells the readers and the cross-process wake-ups about the commit. Thread-safe.
 */
final class AppendPath implements AutoCloseable {
  /** Group-commit batches in flight at once: one forms while another waits for its WAL flush. */
  static final int GROUP_COMMIT_IN_FLIGHT = 2;

  private final AppendWriter writer;
  private final @Nullable GroupCommitter groupCommitter;
  private final EventReader reader;
  private final CrossProcessWakeUps crossProcess;

  AppendPath(
      AppendWriter writer, boolean groupCommit, EventReader reader, CrossProcessWakeUps crossProcess) {
    this.writer = writer;
    this.groupCommitter = groupCommit ? new GroupCommitter(writer, GROUP_COMMIT_IN_FLIGHT) : null;
    this.reader = reader;
    this.crossProcess = crossProcess;
  }

  AppendResult append(PreparedAppend append) {
    AppendWriter.Encoded encoded = writer.encode(append);
    AppendWriter.Outcome outcome =
        groupCommitter != null ? groupCommitter.submit(encoded) : writer.write(List.of(encoded)).get(0);
    AppendResult result = outcome.get();
    reader.appended(result.lastPosition());
    crossProcess.committed();
    return result;
  }

  /** Writes {@code append} after a boundary check (see {@link AppendWriter#writeGuarded}). */
  AppendResult appendGuarded(PreparedAppend append, FunctionAppend.Prefix check,
      LongFunction<RuntimeException> conflict) {
    AppendResult result = writer.writeGuarded(writer.encode(append), check, conflict);
    reader.appended(result.lastPosition());
    crossProcess.committed();
    return result;
  }

  /**
   * Writes {@code append} inside the caller's transaction on {@code connection}. Readers are not
   * told: the events become readable at the caller's commit, which wakes them (see {@code
   * append_in_transaction}).
   */
  AppendResult appendIn(Connection connection, PreparedAppend append) {
    return writer.writeIn(connection, writer.encode(append));
  }

  /** Finishes the appends in flight and queued (see {@link GroupCommitter#close}). */
  @Override
  public void close() {
    if (groupCommitter != null) {
      groupCommitter.close();
    }
  }
}
