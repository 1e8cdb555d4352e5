package dev.eventcore.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An unpooled data source on the test database that counts reads of the global log: executions of
 * the store's log-read statements (plain and filtered: they read under the horizon in log order),
 * and how many of them returned at least one row. It counts, it does not fake: every call goes to
 * the real pgjdbc connection.
 */
final class LogReadCountingDataSource implements DataSource {
  private final LongAdder logReads = new LongAdder();
  private final LongAdder logReadsWithRows = new LongAdder();

  /** Log-read statements executed so far. */
  long logReads() {
    return logReads.sum();
  }

  /** Log-read statements executed so far that returned a row. */
  long logReadsWithRows() {
    return logReadsWithRows.sum();
  }

  static boolean readsTheLog(String sql) {
    return sql.contains("pg_snapshot_xmin(pg_current_snapshot())")
        && sql.contains("ORDER BY e.tx, e.ordinal LIMIT");
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = DriverManager.getConnection(PostgresTestDatabase.jdbcUrl());
    return proxy(Connection.class, (proxy, method, args) -> {
      Object result = call(real, method, args);
      if (method.getName().equals("prepareStatement") && readsTheLog((String) args[0])) {
        PreparedStatement statement = (PreparedStatement) result;
        return proxy(PreparedStatement.class, (p, m, a) -> {
          Object value = call(statement, m, a);
          if (m.getName().equals("executeQuery")) {
            logReads.increment();
            return rowsCounted((ResultSet) value);
          }
          return value;
        });
      }
      return result;
    });
  }

  private ResultSet rowsCounted(ResultSet real) {
    boolean[] counted = {false};
    return proxy(ResultSet.class, (proxy, method, args) -> {
      Object result = call(real, method, args);
      if (method.getName().equals("next") && Boolean.TRUE.equals(result) && !counted[0]) {
        counted[0] = true;
        logReadsWithRows.increment();
      }
      return result;
    });
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(
        LogReadCountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from the test database URL");
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
}
