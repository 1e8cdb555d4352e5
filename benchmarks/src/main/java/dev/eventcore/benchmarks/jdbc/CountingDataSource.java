package dev.eventcore.benchmarks.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * An unpooled data source whose connections count the round trips they make to the server.
 *
 * <p>Counted: every statement execution ({@code execute*}, {@code executeBatch} counts one), and
 * every {@code commit()} or {@code rollback()} that pgjdbc actually sends (a transaction is open).
 * Not counted: cursor fetches of a streaming read, COPY, {@code isValid} (pool checks). This is
 * the driver-level count of round trips per append; the suite requires 1. {@code
 * pg_stat_statements} is not used because it needs a server restart to load, and {@code
 * pg_stat_database} is shared with other users of the database and flushed late.
 *
 * <p>Thread-safe. {@code unwrap} reaches the real pgjdbc connection (for COPY).
 */
public final class CountingDataSource implements DataSource {
  private static final Set<String> EXECUTES =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch",
          "executeLargeBatch");

  private final String url;
  private final LongAdder roundTrips = new LongAdder();

  /**
   * A data source on {@code url}, which carries the credentials (e.g. {@code ?user=postgres}).
   */
  public CountingDataSource(String url) {
    this.url = url;
  }

  /** Round trips counted so far on every connection of this data source. */
  public long roundTrips() {
    return roundTrips.sum();
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = DriverManager.getConnection(url);
    return (Connection) Proxy.newProxyInstance(
        CountingDataSource.class.getClassLoader(), new Class<?>[] {Connection.class},
        new ConnectionHandler(real));
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials go in the JDBC URL");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper of " + type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private final class ConnectionHandler implements InvocationHandler {
    private final Connection real;

    ConnectionHandler(Connection real) {
      this.real = real;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.equals("commit") || name.equals("rollback") && (args == null || args.length == 0)) {
        if (real.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
          roundTrips.increment();
        }
      }
      Object result = CountingDataSource.invoke(real, method, args);
      if (result instanceof Statement statement) {
        return Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(),
            new Class<?>[] {method.getReturnType()}, new StatementHandler(statement));
      }
      return result;
    }
  }

  private final class StatementHandler implements InvocationHandler {
    private final Statement real;

    StatementHandler(Statement real) {
      this.real = real;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (EXECUTES.contains(method.getName())) {
        roundTrips.increment();
      }
      return CountingDataSource.invoke(real, method, args);
    }
  }
}
