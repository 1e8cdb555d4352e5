package dev.eventcore.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * A transaction open on the PostgreSQL server that has written something (it has a transaction
 * id), as {@link PostgresLogInfo#openTransactions()} lists it: while it stays open, no event
 * committed after it began is readable in the global log (see {@link HorizonStatus}).
 *
 * @param pid the backend's process id ({@code SELECT pg_terminate_backend(pid)} ends it); 0 for a
 *     prepared transaction, which no backend holds ({@code ROLLBACK PREPARED} ends it)
 * @param age how long it has been open
 * @param applicationName the backend's {@code application_name}; empty if unset or not visible
 * @param database the database it belongs to (the horizon is cluster-wide)
 * @param state the backend's state, e.g. "idle in transaction"; "prepared '&lt;gid&gt;'" for a prepared
 *     transaction
 * @param query the backend's current or last statement; empty if not visible (reading other
 *     roles' statements needs {@code pg_read_all_stats})
 *
 * @since 0.1.0
 */
public record OpenTransaction(
    int pid, Duration age, String applicationName, String database, String state, String query) {

  /** Validates the fields. */
  public OpenTransaction {
    Objects.requireNonNull(age, "age");
    Objects.requireNonNull(applicationName, "applicationName");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(query, "query");
    if (pid < 0) {
      throw new IllegalArgumentException("pid must be >= 0 but was " + pid);
    }
  }
}
