package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server-restart proxy looks like a crashing and restarting server to clients and to the server. */
class RestartableProxyTest {
  private PostgresTestDatabase db;

  @BeforeEach
  void open() throws SQLException {
    db = PostgresTestDatabase.newSchema();
    db.sql("CREATE SCHEMA %s");
    db.sql("CREATE TABLE %s.t (n int)");
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void downResetsConnectionsRollsBackTheirTransactionsAndRefusesNewOnesUntilUp() throws Exception {
    try (RestartableProxy proxy = RestartableProxy.to(PostgresTestDatabase.jdbcUrl())) {
      String url = proxy.rewrite(PostgresTestDatabase.jdbcUrl());
      assertTrue(url.startsWith("jdbc:postgresql://127.0.0.1:"), url);
      int pid;
      try (Connection c = DriverManager.getConnection(url)) {
        c.setAutoCommit(false);
        try (Statement statement = c.createStatement()) {
          statement.execute("INSERT INTO \"" + db.schema + "\".t VALUES (1)");
          pid = queryInt(statement, "SELECT pg_backend_pid()");
        }
        proxy.down();
        SQLException lost = assertThrows(SQLException.class, c::commit);
        assertTrue(SqlErrors.isConnectionLoss(lost), lost.getSQLState() + " " + lost);
        SQLException refused =
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
        assertTrue(SqlErrors.isConnectionLoss(refused), refused.getSQLState() + " " + refused);
        // refused by the kernel: nothing listens. (Not checked with proxy.accepted(): that counts
        // every connection to the port, and an ephemeral port may be one an earlier test's closed
        // proxy had, where a late client of that proxy can still knock; it failed once that way.)
        assertNothingListens(proxy.port());
      }
      try (Connection direct = PostgresTestDatabase.connect();
          Statement statement = direct.createStatement()) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String alive = "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid;
        while (queryInt(statement, alive) > 0) {
          assertTrue(System.nanoTime() < deadline, "backend " + pid + " outlived its socket");
          Thread.sleep(20);
        }
        assertEquals(0, queryInt(statement, "SELECT count(*) FROM \"" + db.schema + "\".t"),
            "the reset transaction was rolled back");
      }
      proxy.up();
      try (Connection c = DriverManager.getConnection(url);
          Statement statement = c.createStatement()) {
        assertEquals(1, queryInt(statement, "SELECT 1"));
      }
    }
  }

  @Test
  void rejectsUrlsWithoutOneHost() {
    assertThrows(IllegalArgumentException.class,
        () -> RestartableProxy.to("jdbc:postgresql:test"));
    assertThrows(IllegalArgumentException.class,
        () -> RestartableProxy.to("jdbc:postgresql://a:5432,b:5432/test"));
  }

  private static void assertNothingListens(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
      // a TCP self-connect (the kernel picked the port itself as the source) is no listener
      assertEquals(port, socket.getLocalPort(), "something accepted a connection on " + port);
    } catch (ConnectException expected) {
      // refused
    }
  }

  private static int queryInt(Statement statement, String sql) throws SQLException {
    try (ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getInt(1);
    }
  }
}
