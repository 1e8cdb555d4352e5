package dev.eventcore.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How far the readable end of the global log (the transaction-id horizon) lags behind what is
 * committed, and who holds it back.
 *
 * <p>The store-wide log shows an event only once every transaction that started before it ended, so
 * that no reader ever skips an event committed out of order. One long-running writing transaction
 * anywhere in the cluster (any database, any application) therefore holds back every subscriber.
 * This is the price of never skipping: the store reports it here and in a WARN log, and never skips
 * past it. End or kill the blocker ({@code SELECT pg_terminate_backend(pid)}) to release it.
 *
 * @param pendingEvents committed events of this store not yet readable in the global log
 * @param lag how long the oldest of them has waited (zero when none waits)
 * @param blocker the backend whose open transaction holds the horizon, if any
 *
 * @since 0.1.0
 */
public record HorizonStatus(long pendingEvents, Duration lag, Optional<Blocker> blocker) {
  /** Validates the arguments. */
  public HorizonStatus {
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(blocker, "blocker");
  }

  /** Whether committed events wait behind the horizon. */
  public boolean isStalled() {
    return pendingEvents > 0;
  }

  /**
   * A backend with an open writing transaction: the oldest one holds the horizon.
   *
   * @param pid its process id ({@code pg_terminate_backend(pid)} ends it)
   * @param transactionAge how long its transaction has been open
   * @param applicationName its {@code application_name} (empty if unset or not visible)
   * @param database the database it is connected to (the horizon is cluster-wide)
   * @param state its state, e.g. "idle in transaction"
   * @param query its current or last statement, cut to {@value #MAX_QUERY_CHARS} characters (empty
   *     if not visible); left out of {@link #toString()}, since it may quote data
   */
  public record Blocker(int pid, Duration transactionAge, String applicationName, String database,
      String state, String query) {
    /** The most characters of {@link #query()} kept. */
    public static final int MAX_QUERY_CHARS = 300;

    /** Validates the arguments. */
    public Blocker {
      Objects.requireNonNull(transactionAge, "transactionAge");
      Objects.requireNonNull(applicationName, "applicationName");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(query, "query");
    }

    @Override
    public String toString() {
      return "pid " + pid + " (application '" + applicationName + "', database '" + database
          + "', " + state + ", transaction open for " + transactionAge.toMillis() + " ms)";
    }
  }
}
