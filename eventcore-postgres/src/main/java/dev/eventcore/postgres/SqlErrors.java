package dev.eventcore.postgres;

import dev.eventcore.StoreFailureException;
import dev.eventcore.TransientStoreException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Translates {@link SQLException}s by SQLSTATE at the adapter's edge: connection loss and server
 * shutdown, serialization failures and deadlocks become {@link TransientStoreException}; bad data
 * that slipped past validation becomes {@link IllegalArgumentException}; the rest is a
 * non-retryable {@link StoreFailureException} naming the SQLSTATE. Every message says who refused:
 * PostgreSQL (the server sent an error) or the JDBC driver (it refused before or while sending,
 * for example a statement over the protocol's 1 GiB message limit), so that nobody looks in the
 * server's log for an error it never saw.
 */
final class SqlErrors {
  /** SQLSTATE unique_violation: a unique index, or V17's check of archived keys, refused a row. */
  static final String UNIQUE_VIOLATION = "23505";

  private SqlErrors() {}

  /** Whether the failure means the connection (or the server) went away. */
  static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return e instanceof SQLTransientConnectionException || e.getCause() instanceof IOException;
    }
    return state.startsWith("08")
        || state.equals("57P01") // admin_shutdown (pg_terminate_backend, fast shutdown)
        || state.equals("57P02") // crash_shutdown
        || state.equals("57P03") // cannot_connect_now
        || state.equals("57P05") // idle_session_timeout
        || state.equals("53300"); // too_many_connections
  }

  /** Whether the transaction was rolled back by the server and may simply be retried. */
  static boolean isRetryableRollback(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
  }

  /**
   * A failure of a read or of a call that changed nothing: connection loss and rollbacks are
   * transient (outcome known), everything else is fatal.
   */
  /** The server's own message (without pgjdbc's "ERROR:" and position), else the exception's. */
  /** The server's DETAIL of {@code e}; empty if it has none. */
  static String serverDetail(SQLException e) {
    ServerErrorMessage server = server(e);
    return server != null && server.getDetail() != null ? server.getDetail() : "";
  }

  static String serverMessage(SQLException e) {
    ServerErrorMessage server = server(e);
    return server != null && server.getMessage() != null
        ? server.getMessage() : String.valueOf(e.getMessage());
  }

  private static @Nullable ServerErrorMessage server(SQLException e) {
    return e instanceof PSQLException ? ((PSQLException) e).getServerErrorMessage() : null;
  }

  static RuntimeException translate(String what, SQLException e) {
    return translate(what, e, false);
  }

  /**
   * A failure of {@code what}. {@code sent} says whether a write may have reached the server, so
   * that a connection loss leaves its outcome unknown.
   */
  static RuntimeException translate(String what, SQLException e, boolean sent) {
    String state = e.getSQLState();
    boolean server = fromServer(e);
    RuntimeException lifecycle = StreamLifeErrors.translate(e);
    if (lifecycle != null) {
      return lifecycle;
    }
    if (isConnectionLoss(e)) {
      return new TransientStoreException(
          what + " failed: the connection to PostgreSQL was lost (" + refuser(e) + ")"
              + (sent ? "; the append may or may not have committed: retry it with the same"
                  + " event ids, which is safe" : "; nothing was written"),
          e,
          sent);
    }
    if (isRetryableRollback(e)) {
      return new TransientStoreException(
          what + " was rolled back by PostgreSQL (SQLSTATE " + state + "); nothing was written,"
              + " retry it", e, false);
    }
    if (state != null && (state.startsWith("22") || state.equals("54000"))) {
      return new IllegalArgumentException(
          what + " was rejected as invalid data by " + refuser(e) + "; nothing was written"
              + (server ? "" : " (the server never saw it)"), e);
    }
    return new StoreFailureException(what + " failed: " + refuser(e), e);
  }

  /** Whether PostgreSQL itself reported the error (pgjdbc keeps the server's error fields). */
  static boolean fromServer(SQLException e) {
    return e instanceof PSQLException && ((PSQLException) e).getServerErrorMessage() != null;
  }

  /**
   * Who refused, the SQLSTATE and the message: "PostgreSQL (SQLSTATE 42P07): ERROR: ..." or "the
   * PostgreSQL JDBC driver, before the server saw it (SQLSTATE 22023): Bind message length ...".
   */
  static String refuser(SQLException e) {
    String message = e.getMessage();
    if (!fromServer(e) && e.getCause() != null && e.getCause().getMessage() != null
        && (message == null || !message.contains(e.getCause().getMessage()))) {
      message = message + " (" + e.getCause().getMessage() + ")";
    }
    return (fromServer(e) ? "PostgreSQL" : "the PostgreSQL JDBC driver, not the server,")
        + " (SQLSTATE " + e.getSQLState() + "): " + message;
  }
}
