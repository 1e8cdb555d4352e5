package dev.eventcore.postgres;

import dev.eventcore.Deletion;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.internal.TenantKeys;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The errors V15's functions and trigger raise, as the store's exceptions: EC001 a deleted stream
 * (DETAIL {@code <deletion>:<stream id>}), EC002 a restart of a stream that is not deleted, EC003
 * a truncation past the stream's version (DETAIL: the version).
 */
final class StreamLifeErrors {
  /** The SQLSTATE of an append to, or an operation on, a deleted stream. */
  static final String DELETED = "EC001";

  private StreamLifeErrors() {}

  /** The stream of a stored key: a tenant's key without its tenant (the stream's own id). */
  private static StreamId local(String key) {
    return StreamId.of(TenantKeys.afterTenant(key));
  }

  /** The store's exception for {@code e}, or null when it is not one of these errors. */
  static @Nullable RuntimeException translate(SQLException e) {
    String state = e.getSQLState();
    if (state == null || !state.startsWith("EC00") || !(e instanceof PSQLException)) {
      return null;
    }
    ServerErrorMessage server = ((PSQLException) e).getServerErrorMessage();
    String detail = server == null ? null : server.getDetail();
    String message = server == null ? e.getMessage() : server.getMessage();
    int colon = detail == null ? -1 : detail.indexOf(':');
    return switch (state) {
      case DELETED -> detail == null || colon < 1 ? null : new StreamDeletedException(
          local(detail.substring(colon + 1)), Deletion.valueOf(detail.substring(0, colon)));
      case "EC002" -> new IllegalStateException(message + ": only a softly deleted stream can be"
          + " restarted; append to it instead");
      case "EC003" -> new IllegalArgumentException("cannot truncate: " + message
          + ", and its last event always stays: keepFrom may be at most its version");
      default -> null;
    };
  }
}
