package dev.eventcore.postgres;

import dev.eventcore.internal.Threads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes subscribers in other processes, and is woken by them, through LISTEN/NOTIFY, without
 * touching the append transaction (a NOTIFY inside it would take a cluster-wide lock at commit).
 *
 * <p>A sender thread sends at most one {@code pg_notify} per debounce interval, however many
 * appends committed meanwhile, in a transaction with {@code synchronous_commit} off for that
 * transaction only: a wake-up needs no durable commit, so it never competes with appends for the
 * WAL flush. It sends only while another store instance listens on the channel, so a store
 * without other processes costs no round trip beyond its appends: an instance's listener announces
 * itself with a notification when it (re)connects, and any notification from another instance
 * turns sending on (and sends one NOTIFY at once, for the appends that committed while it was
 * off); a check of {@code pg_stat_activity} (at most once a second, while appends commit) turns it
 * off when no other session's last statement was its LISTEN or the announcement just before it
 * (sessions this user may not see count as listening). A listener thread holds one connection
 * with LISTEN and signals local subscribers when another process notifies; it signals once
 * whenever its LISTEN is (re-)established, after a server restart too, since notifications may
 * have been missed. Polling in the subscriptions remains the fallback. Notifications carry this
 * instance's id, so it ignores its own.
 */
final class CrossProcessWakeUps implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CrossProcessWakeUps.class);
  /**
   * The payload of the NOTIFY that an append inside an application's transaction sends: delivered
   * at its commit, it wakes the subscribers of every instance, this one's too.
   */
  static final String COMMIT = "commit";

  private static final long DEBOUNCE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long LISTENERS_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final DataSource dataSource;
  private final String channel;
  private final Runnable wakeLocal;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Thread sender;
  private final Thread listener;
  private volatile boolean closed;
  /** The backend pid of this instance's LISTEN connection (0 while none). */
  private volatile int listenerPid;
  /** Whether other instances listen: set by the listener thread on their notifications. */
  private volatile boolean othersListening;
  /** Notifications from other instances seen so far (written by the listener thread only). */
  private volatile long foreignNotifications;
  private long listenersCheckedAt;
  private boolean listenersChecked;

  /** Threads from {@code threads}, else daemon threads named after {@code name}. */
  CrossProcessWakeUps(DataSource dataSource, String channel, Runnable wakeLocal, String name,
      Optional<ThreadFactory> threads) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.wakeLocal = wakeLocal;
    this.sender = Threads.newThread(threads, "eventcore-notify-" + name, this::sendLoop);
    this.listener = Threads.newThread(threads, "eventcore-listen-" + name, this::listenLoop);
  }

  void start() {
    sender.start();
    listener.start();
  }

  /** Asks for one NOTIFY soon; cheap, never blocks, never fails the caller. */
  void committed() {
    if (!pending.get() && pending.compareAndSet(false, true)) {
      LockSupport.unpark(sender);
    }
  }

  private void sendLoop() {
    while (!closed) {
      if (!pending.get()) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        continue;
      }
      LockSupport.parkNanos(DEBOUNCE_NANOS);
      pending.set(false);
      try (Connection c = dataSource.getConnection()) {
        boolean autoCommit = c.getAutoCommit(); // the pool's mode, never changed here
        if (othersListening(c)) {
          try (PreparedStatement notify = c.prepareStatement(
              "SELECT set_config('synchronous_commit', 'off', true), pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, instance);
            notify.execute();
          }
        }
        if (!autoCommit) {
          c.commit(); // sends the notification (and ends the check's transaction)
        }
      } catch (SQLException | RuntimeException e) {
        LOG.debug("NOTIFY on {} failed; other processes fall back to polling: {}", channel, e.toString());
      }
    }
  }

  /** Whether another instance listens on the channel, checked at most once a second. */
  private boolean othersListening(Connection c) throws SQLException {
    long now = System.nanoTime();
    if (listenersChecked && now - listenersCheckedAt < LISTENERS_CHECK_NANOS) {
      return othersListening;
    }
    long seen = foreignNotifications;
    boolean listening;
    try (PreparedStatement check = c.prepareStatement(
        "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid NOT IN (pg_backend_pid(), ?)"
            + " AND datname = current_database() AND (query = '<insufficient privilege>'"
            + " OR ((query ILIKE 'listen%' OR query ILIKE 'select pg_backend_pid(), pg_notify(%')"
            + " AND position(? IN query) > 0)))")) {
      check.setInt(1, listenerPid);
      check.setString(2, channel);
      try (ResultSet row = check.executeQuery()) {
        row.next();
        listening = row.getBoolean(1);
      }
    }
    if (listening || foreignNotifications == seen) { // an announcement meanwhile wins
      othersListening = listening;
    }
    listenersChecked = true;
    listenersCheckedAt = now;
    return othersListening;
  }

  private void listenLoop() {
    long backoffMillis = 100;
    boolean reconnected = false;
    while (!closed) {
      try (Connection c = dataSource.getConnection()) {
        // LISTEN must stay the session's last statement (what other instances look for), so
        // this connection runs in auto-commit mode, and goes back to its pool in the mode it came
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
          c.setAutoCommit(true);
        }
        // the channel (from a validated schema name) and the instance id (a UUID) are literals,
        // so that other instances see this session's announcement as a listener's query
        try (PreparedStatement announce = c.prepareStatement(
                "SELECT pg_backend_pid(), pg_notify('" + channel + "', '" + instance + "')");
            Statement listen = c.createStatement()) {
          try (ResultSet pid = announce.executeQuery()) {
            pid.next();
            listenerPid = pid.getInt(1);
          }
          // LISTEN stays this session's last statement, what other instances look for; a NOTIFY
          // sent before it is covered by the local wake-up below
          listen.execute("LISTEN \"" + channel + "\"");
        }
        if (reconnected) {
          LOG.info("LISTEN on {} re-established", channel);
        }
        wakeLocal.run(); // commits of other processes before the LISTEN were not notified here
        backoffMillis = 100;
        try {
          awaitNotifications(c.unwrap(PGConnection.class));
        } finally {
          // the connection goes back to a pool, also after a failure: it must not stay a listener
          try (Statement unlisten = c.createStatement()) {
            unlisten.execute("UNLISTEN *");
            if (!autoCommit) {
              c.setAutoCommit(false);
            }
          } catch (SQLException e) {
            LOG.debug("UNLISTEN on {} failed (the connection is gone): {}", channel, e.toString());
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("LISTEN connection on {} lost ({}); reconnecting in {} ms, subscriptions poll"
            + " meanwhile", channel, e.toString(), backoffMillis);
        reconnected = true;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis));
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      }
    }
  }

  /** Wakes local subscribers on each notification of another instance, until closed. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // one thread writes the count; others read it
  private void awaitNotifications(PGConnection pg) throws SQLException {
    while (!closed) {
      PGNotification[] notifications = pg.getNotifications(500);
      if (notifications == null) {
        continue;
      }
      for (PGNotification notification : notifications) {
        if (COMMIT.equals(notification.getParameter())) {
          wakeLocal.run(); // an append in an application's transaction committed
          break;
        }
        if (!instance.equals(notification.getParameter())) {
          foreignNotifications++; // only this thread writes it
          if (!othersListening) {
            // appends may have committed while sending was off: one NOTIFY covers them
            othersListening = true;
            committed();
          }
          wakeLocal.run();
          break;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(sender);
    join(sender);
    join(listener);
  }

  private static void join(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
