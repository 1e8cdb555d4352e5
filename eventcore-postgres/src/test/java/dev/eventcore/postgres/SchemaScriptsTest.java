package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.StoreFailureException;
import org.junit.jupiter.api.Test;

class SchemaScriptsTest {
  @Test
  void theInstallationSqlReadsEveryScriptFromTheJar() {
    String sql = Bootstrap.schemaSql(new SchemaNames("shop"));
    assertTrue(sql.startsWith("CREATE SCHEMA IF NOT EXISTS \"shop\""), sql);
    assertFalse(sql.contains("${schema}"), "every placeholder is replaced");
  }

  @Test
  void aMissingScriptIsAStoreFailureNamingTheResourceNotAJdkException() {
    StoreFailureException e = assertThrows(StoreFailureException.class,
        () -> Bootstrap.resource("/db/eventcore/V999__missing.sql"));
    assertTrue(e.getMessage().contains("V999__missing.sql"), e.getMessage());
    assertFalse(e.isRetryable());
  }
}
