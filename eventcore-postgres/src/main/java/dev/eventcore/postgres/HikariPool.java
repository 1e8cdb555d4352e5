package dev.eventcore.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.eventcore.observe.Observer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** A HikariCP pool the store owns: autocommit, READ COMMITTED, named after the schema. */
final class HikariPool implements OwnedPool {
  private final HikariDataSource pool;

  private HikariPool(HikariDataSource pool) {
    this.pool = pool;
  }

  static HikariPool open(String jdbcUrl, @Nullable String username, @Nullable String password,
      int maxPoolSize, String schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (username != null) {
      config.setUsername(username);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(maxPoolSize);
    config.setPoolName("eventcore-" + schema);
    config.setAutoCommit(true);
    // the append paths rely on READ COMMITTED (a fresh snapshot per statement), whatever the
    // server's default_transaction_isolation says
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setConnectionTimeout(10_000);
    if (!jdbcUrl.contains("ApplicationName=")) {
      config.addDataSourceProperty("ApplicationName", "eventcore");
    }
    try {
      return new HikariPool(new HikariDataSource(config));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to PostgreSQL at " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  @Override
  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void reportUse(Observer observer) {
    HikariPoolMXBean use = pool.getHikariPoolMXBean();
    if (use != null) {
      observer.poolUse(use.getActiveConnections(), use.getIdleConnections(),
          use.getThreadsAwaitingConnection());
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
