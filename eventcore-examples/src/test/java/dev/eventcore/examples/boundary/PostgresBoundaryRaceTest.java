package dev.eventcore.examples.boundary;

import dev.eventcore.postgres.PostgresTestDatabase;
import dev.eventcore.serialization.EventTypes;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/**
 * The boundary examples' races on PostgreSQL ({@code EVENTCORE_TEST_JDBC_URL}): a schema of its
 * own, emptied for each test and dropped afterwards.
 */
class PostgresBoundaryRaceTest extends AbstractBoundaryRaceTest {
  private static final PostgresTestDatabase DB = PostgresTestDatabase.newSchema();

  PostgresBoundaryRaceTest() {
    super(() -> DB.emptied(EventTypes.of(BoundaryEvent.class)).maxPoolSize(12).build());
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    DB.close();
  }
}
