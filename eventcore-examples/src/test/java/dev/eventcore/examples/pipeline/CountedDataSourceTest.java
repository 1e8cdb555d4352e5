package dev.eventcore.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.postgres.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The counts on a real server, through a pool, as the store and the read models use it. */
class CountedDataSourceTest {
  private static final PostgresTestDatabase DB = PostgresTestDatabase.newSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void openPool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.jdbcUrl());
    config.setMaximumPoolSize(2);
    pool = new HikariDataSource(config);
  }

  @AfterAll
  static void close() throws Exception {
    pool.close();
    DB.close();
  }

  @Test
  void eachAutoCommitStatementIsOneStatementAndOneTransaction() throws Exception {
    CountedDataSource counted = new CountedDataSource(pool);
    try (Connection c = counted.getConnection(); Statement statement = c.createStatement()) {
      statement.execute("SELECT 1");
      statement.executeQuery("SELECT 2").close();
    }
    assertEquals(2, counted.statements());
    assertEquals(2, counted.transactions());
  }

  @Test
  void statementsInOneTransactionEndInOneCommitOrRollback() throws Exception {
    CountedDataSource counted = new CountedDataSource(pool);
    try (Connection c = counted.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement select = c.prepareStatement("SELECT ?")) {
        for (int i = 0; i < 3; i++) {
          select.setInt(1, i);
          select.executeQuery().close();
        }
      }
      c.commit();
      c.commit(); // nothing open: not a transaction
      try (Statement statement = c.createStatement()) {
        statement.addBatch("SELECT 1");
        statement.addBatch("SELECT 2");
        statement.executeBatch();
      }
      c.rollback();
      c.setAutoCommit(true);
    }
    assertEquals(4, counted.statements(), "three selects and one batch");
    assertEquals(2, counted.transactions(), "one commit and one rollback");
  }

  @Test
  void anOpenTransactionEndsWhenAutoCommitReturnsOrTheConnectionCloses() throws Exception {
    CountedDataSource counted = new CountedDataSource(pool);
    try (Connection c = counted.getConnection()) {
      c.setAutoCommit(false);
      try (Statement statement = c.createStatement()) {
        statement.execute("SELECT 1");
      }
      c.setAutoCommit(true); // commits the open transaction
      c.setAutoCommit(false);
      try (Statement statement = c.createStatement()) {
        statement.execute("SELECT 2");
      }
    } // the pool rolls the open transaction back
    assertEquals(2, counted.statements());
    assertEquals(2, counted.transactions());
  }
}
