package dev.eventcore.examples.pipeline;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts what its connections send to the database: statements and
 * transactions. Wrap the pool given to {@code PostgresEventStore.builder().dataSource(...)} with it
 * and read the counts before and after a piece of work.
 *
 * <pre>{@code
 * CountedDataSource counted = new CountedDataSource(pool);
 * PostgresEventStore store = PostgresEventStore.builder().dataSource(counted)...build();
 * long before = counted.statements();
 * // ... work ...
 * long statements = counted.statements() - before;
 * }</pre>
 *
 * <p>A statement is one call of {@code execute}, {@code executeQuery}, {@code executeUpdate} or
 * {@code executeBatch} (a batch counts one: it is one round trip). A transaction is what the
 * server commits or rolls back: each statement run in auto-commit mode, and each {@code commit},
 * {@code rollback}, switch back to auto-commit or close of a connection after at least one
 * statement in manual-commit mode. The count is the client's view, so other users of the same
 * database do not disturb it (unlike {@code pg_stat_database.xact_commit}). Cursor fetches of a
 * streaming read are not counted. Thread-safe.
 */
public final class CountedDataSource implements DataSource {
  private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate",
      "executeBatch", "executeLargeUpdate", "executeLargeBatch");

  private final DataSource delegate;
  private final LongAdder statements = new LongAdder();
  private final LongAdder transactions = new LongAdder();

  /** Counts what goes through {@code delegate}, typically a connection pool. */
  public CountedDataSource(DataSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Statements executed so far on every connection of this data source. */
  public long statements() {
    return statements.sum();
  }

  /** Transactions ended so far on every connection of this data source. */
  public long transactions() {
    return transactions.sum();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counted(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return counted(delegate.getConnection(username, password));
  }

  private Connection counted(Connection real) throws SQLException {
    return (Connection) Proxy.newProxyInstance(CountedDataSource.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new ConnectionHandler(real, real.getAutoCommit()));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(delegate) ? type.cast(delegate) : delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(delegate) || delegate.isWrapperFor(type);
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** One connection's state: whether it auto-commits and whether a transaction is open. */
  private final class ConnectionHandler implements InvocationHandler {
    private final Connection real;
    private boolean autoCommit;
    private boolean open;

    ConnectionHandler(Connection real, boolean autoCommit) {
      this.real = real;
      this.autoCommit = autoCommit;
    }

    @Override
    public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      boolean noArgs = args == null || args.length == 0;
      if ((name.equals("commit") || name.equals("rollback") || name.equals("close")) && noArgs) {
        ended();
      } else if (name.equals("setAutoCommit") && Boolean.TRUE.equals(args[0])) {
        ended();
      }
      Object result = call(real, method, args);
      if (name.equals("setAutoCommit")) {
        autoCommit = (Boolean) args[0];
      }
      if (result instanceof Statement) {
        return Proxy.newProxyInstance(CountedDataSource.class.getClassLoader(),
            new Class<?>[] {method.getReturnType()}, new StatementHandler(this, result));
      }
      return result;
    }

    synchronized void executed() {
      statements.increment();
      if (autoCommit) {
        transactions.increment();
      } else {
        open = true;
      }
    }

    private void ended() {
      if (open) {
        transactions.increment();
        open = false;
      }
    }
  }

  private static final class StatementHandler implements InvocationHandler {
    private final ConnectionHandler connection;
    private final Object real;

    StatementHandler(ConnectionHandler connection, Object real) {
      this.connection = connection;
      this.real = real;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (EXECUTES.contains(method.getName())) {
        connection.executed();
      }
      return call(real, method, args);
    }
  }
}
