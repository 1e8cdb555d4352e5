package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.StoreFailureException;
import dev.eventcore.StoreLimits;
import dev.eventcore.TransientStoreException;
import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/** Translated errors say who refused: the server, or the JDBC driver before the server saw it. */
class SqlErrorsTest {

  /** What pgjdbc throws for a statement whose Bind message would pass the protocol's limit. */
  private static PSQLException bindTooLong() {
    return new PSQLException("Unable to bind parameter values for statement.",
        PSQLState.INVALID_PARAMETER_VALUE, new IOException("Bind message length 1,300,000,000"
            + " too long.  This can be caused by very large or incorrect length specifications"
            + " on InputStream parameters."));
  }

  @Test
  void aDriverRefusalIsBlamedOnTheDriverWithItsReason() {
    RuntimeException e = SqlErrors.translate("append", bindTooLong(), true);
    assertInstanceOf(IllegalArgumentException.class, e);
    assertTrue(e.getMessage().contains("the PostgreSQL JDBC driver, not the server,"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Bind message length 1,300,000,000 too long"),
        e.getMessage());
    assertTrue(e.getMessage().contains("the server never saw it"), e.getMessage());
    assertFalse(e.getMessage().contains("by PostgreSQL"), e.getMessage());
  }

  @Test
  void aServerRefusalIsBlamedOnPostgreSqlWithItsSqlState() {
    PSQLException server = new PSQLException(new ServerErrorMessage(
        "SERROR\0C22P02\0Minvalid input syntax for type json\0"));
    RuntimeException e = SqlErrors.translate("append", server, true);
    assertInstanceOf(IllegalArgumentException.class, e);
    assertTrue(e.getMessage().contains("rejected as invalid data by PostgreSQL (SQLSTATE 22P02)"),
        e.getMessage());
    assertFalse(e.getMessage().contains("driver"), e.getMessage());

    PSQLException other = new PSQLException(new ServerErrorMessage(
        "SERROR\0C42501\0Mpermission denied for table events\0"));
    StoreFailureException fatal =
        assertInstanceOf(StoreFailureException.class, SqlErrors.translate("append", other, true));
    assertFalse(fatal.isRetryable());
    assertTrue(fatal.getMessage().contains("append failed: PostgreSQL (SQLSTATE 42501)"),
        fatal.getMessage());
  }

  @Test
  void aConnectionLostWhileSendingNamesTheDriverAndTheSocketError() {
    PSQLException lost = new PSQLException("An I/O error occurred while sending to the backend.",
        PSQLState.CONNECTION_FAILURE, new SocketException("Broken pipe"));
    TransientStoreException e = assertInstanceOf(TransientStoreException.class,
        SqlErrors.translate("append", lost, true));
    assertTrue(e.getMessage().contains("the PostgreSQL JDBC driver, not the server,"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Broken pipe"), e.getMessage());
  }

  @Test
  void thePostgresStoreCapsTheAppendByteLimitBelowTheDriversMessageLimit() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> PostgresEventStore.builder()
            .limits(StoreLimits.defaults().withMaxAppendBytes(512L << 20)));
    assertTrue(e.getMessage().contains("maxAppendBytes must be at most 268435456"),
        e.getMessage());
    PostgresEventStore.builder().limits(StoreLimits.defaults());
  }
}
