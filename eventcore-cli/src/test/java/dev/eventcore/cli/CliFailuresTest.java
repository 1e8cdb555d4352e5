package dev.eventcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.postgres.PostgresTestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong before a command can do anything: each is one line on stderr, nothing on
 * stdout, and exit code 1 (a failure) or 2 (a bad command line).
 */
class CliFailuresTest {
  private static final String UNREACHABLE =
      "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=s3cret&connectTimeout=2";

  @Test
  void anUnreachableServerIsOneLineWithoutThePassword() {
    for (String command : new String[] {"streams", "projections", "horizon", "health", "tail"}) {
      CliTestBase.Result result =
          CliTestBase.runExactly(command, "--jdbc-url", UNREACHABLE);
      CliTestBase.assertOneLineFailure(1, "cannot connect to PostgreSQL at"
          + " jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=***", result);
      assertFalse(result.err().contains("s3cret"), result.err());
    }
  }

  @Test
  void aMissingOrForeignUrlAndAnUnknownSchemaAreNamed() {
    CliTestBase.assertOneLineFailure(1, "--jdbc-url is required (or set EVENTCORE_JDBC_URL)",
        CliTestBase.runExactly("streams"));
    CliTestBase.assertOneLineFailure(1, "--jdbc-url must start with 'jdbc:postgresql:' but was"
        + " 'jdbc:mysql://x'", CliTestBase.runExactly("streams", "--jdbc-url", "jdbc:mysql://x"));
    CliTestBase.assertOneLineFailure(1, "no eventcore store in schema 'nowhere_here'",
        CliTestBase.runExactly("streams", "--jdbc-url", PostgresTestDatabase.jdbcUrl(),
            "--schema", "nowhere_here"));
    CliTestBase.assertOneLineFailure(1, "schema must be 1..63 chars",
        CliTestBase.runExactly("streams", "--jdbc-url", PostgresTestDatabase.jdbcUrl(),
            "--schema", "Bad-Name"));
  }

  @Test
  void aBadCommandLineIsOneLineWithExitCode2() {
    CliTestBase.assertOneLineFailure(2, "Unknown option: '--bogus'",
        CliTestBase.runExactly("streams", "--bogus"));
    CliTestBase.assertOneLineFailure(2, "Unmatched argument at index 0: 'nonsense'",
        CliTestBase.runExactly("nonsense"));
    CliTestBase.assertOneLineFailure(2, "a command is required", CliTestBase.runExactly());
    CliTestBase.assertOneLineFailure(2, "Invalid value for option '--limit'",
        CliTestBase.runExactly("streams", "--limit", "many"));
    CliTestBase.assertOneLineFailure(1, "limit must be 1..10000 but was 0",
        CliTestBase.runExactly("streams", "--limit", "0", "--jdbc-url", "jdbc:postgresql://x/y"));
    CliTestBase.assertOneLineFailure(1, "category must be a non-empty stream category",
        CliTestBase.runExactly("streams", "--category", "a-b", "--jdbc-url", "jdbc:postgresql:x"));
  }

  @Test
  void helpAndVersionPrintToStdout() {
    CliTestBase.Result help = CliTestBase.runExactly("--help");
    assertEquals(0, help.code());
    for (String command : new String[] {"streams", "stream", "tail", "projections", "projection",
        "dead-letters", "horizon", "health"}) {
      assertTrue(help.out().contains("  " + command + " "), help.out());
    }
    CliTestBase.Result streamsHelp = CliTestBase.runExactly("streams", "--help");
    assertTrue(streamsHelp.out().contains("--jdbc-url=URL"), streamsHelp.out());
    assertEquals("eventcore-cli 0.1.0", CliTestBase.runExactly("--version").out().strip());
  }

  @Test
  void durationsAreReadInShortFormOrIso() {
    DurationConverter converter = new DurationConverter();
    assertEquals(Duration.ZERO, converter.convert("0"));
    assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
    assertEquals(Duration.ofSeconds(2), converter.convert("2s"));
    assertEquals(Duration.ofMinutes(1), converter.convert("1m"));
    assertEquals(Duration.ofSeconds(3), converter.convert("PT3S"));
  }
}
