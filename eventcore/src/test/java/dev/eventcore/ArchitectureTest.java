package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Guards the core's boundaries: no JDBC, Jackson or PostgreSQL, and a documented tree. */
class ArchitectureTest {

  private static final List<String> FORBIDDEN =
      List.of("java.sql", "javax.sql", "tools.jackson", "com.fasterxml", "org.postgresql");

  private static final Pattern IMPORT =
      Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;", Pattern.MULTILINE);

  /** {@code src/main/java} of this module, found from surefire's {@code basedir} or the cwd. */
  private static Path mainSources() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    for (Path candidate :
        List.of(
            Paths.get(basedir, "src", "main", "java"),
            Paths.get(basedir, "eventcore", "src", "main", "java"))) {
      if (Files.isDirectory(candidate.resolve("dev/eventcore"))) {
        return candidate;
      }
    }
    throw new AssertionError("cannot find eventcore/src/main/java from basedir " + basedir);
  }

  private static List<Path> javaFiles() throws IOException {
    try (Stream<Path> files = Files.walk(mainSources())) {
      List<Path> found =
          files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
      assertTrue(found.size() > 20, "only " + found.size() + " source files found: wrong folder?");
      return found;
    }
  }

  @Test
  void noMainSourceImportsJdbcJacksonOrPostgres() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : javaFiles()) {
      String source = Files.readString(file, StandardCharsets.UTF_8);
      Matcher imports = IMPORT.matcher(source);
      while (imports.find()) {
        String imported = imports.group(1);
        for (String forbidden : FORBIDDEN) {
          if (imported.equals(forbidden) || imported.startsWith(forbidden + ".")) {
            violations.add(mainSources().relativize(file) + " imports " + imported);
          }
        }
      }
    }
    assertEquals(List.of(), violations, "the core must not depend on JDBC, Jackson or PostgreSQL");
  }

  @Test
  void theImportScanSeesImports() throws IOException {
    // guards the guard: the pattern must match the imports the sources really have
    Path streamId = mainSources().resolve("dev/eventcore/StreamId.java");
    Matcher imports = IMPORT.matcher(Files.readString(streamId, StandardCharsets.UTF_8));
    Set<String> found = new TreeSet<>();
    while (imports.find()) {
      found.add(imports.group(1));
    }
    assertTrue(found.contains("java.util.Objects"), found::toString);
  }

  @Test
  void everyPackageHasAPackageInfo() throws IOException {
    Set<Path> packages = new TreeSet<>();
    for (Path file : javaFiles()) {
      packages.add(file.getParent());
    }
    List<String> undocumented = new ArrayList<>();
    for (Path dir : packages) {
      if (!Files.isRegularFile(dir.resolve("package-info.java"))) {
        undocumented.add(mainSources().relativize(dir).toString().replace('/', '.'));
      }
    }
    assertTrue(packages.size() >= 4, "packages found: " + packages);
    assertEquals(List.of(), undocumented, "packages without package-info.java");
  }
}
