package dev.eventcore.examples.bank;

import dev.eventcore.postgres.PostgresTestDatabase;
import dev.eventcore.serialization.EventTypes;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/**
 * The bank transfer concurrency test on PostgreSQL ({@code EVENTCORE_TEST_JDBC_URL}): a schema of
 * its own, emptied for each test and dropped afterwards.
 */
class PostgresBankTransferConcurrencyTest extends AbstractBankTransferConcurrencyTest {
  private static final PostgresTestDatabase DB = PostgresTestDatabase.newSchema();

  PostgresBankTransferConcurrencyTest() {
    super(() -> DB.emptied(EventTypes.of(AccountEvent.class)).build());
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    DB.close();
  }
}
