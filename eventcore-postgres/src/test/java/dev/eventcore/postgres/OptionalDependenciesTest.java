package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * HikariCP and Flyway are optional: without them on the class path, a store given a data source
 * and an installed schema works, and {@code jdbcUrl(...)} or {@code migrate(true)} fail with a
 * message naming the artifact to add.
 */
class OptionalDependenciesTest {

  @Test
  void aStoreRunsWithoutHikariAndFlywayAndTheirFeaturesNameWhatIsMissing() throws Exception {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("HikariCP") && !entry.contains("flyway"))
        .collect(Collectors.joining(File.pathSeparator));
    assertTrue(System.getProperty("java.class.path").contains("HikariCP"),
        "the test's own class path has HikariCP, so the filter is what removes it");
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      String java = ProcessHandle.current().info().command().orElse("java");
      Process process = new ProcessBuilder(java, "-cp", classPath,
          WithoutOptionalDependencies.class.getName(), PostgresTestDatabase.jdbcUrl(),
          db.schema()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
      assertEquals(0, process.exitValue(), output);
      List<String> lines = output.lines()
          .filter(l -> l.startsWith("jdbcUrl: ") || l.startsWith("migrate: ")
              || l.startsWith("read: "))
          .toList();
      assertEquals(3, lines.size(), output);
      assertTrue(lines.get(0).contains("needs com.zaxxer:HikariCP")
          && lines.get(0).contains("dataSource(...)"), lines.get(0));
      assertTrue(lines.get(1).contains("needs org.flywaydb:flyway-core")
          && lines.get(1).contains("migrate(false)"), lines.get(1));
      assertEquals("read: Numbered[n=7]", lines.get(2), output);
    }
  }
}
