package dev.eventcore.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "store in twenty lines" compiles as printed and always prints the same four lines
 * (it waits for its subscriber before it closes the store).
 */
class QuickStartSnippetTest {
  @TempDir Path dir;

  @Test
  void theQuickStartCompilesAndPrintsTheSameLinesEveryRun() throws Exception {
    String source = snippet(readme());
    Path file = dir.resolve("QuickStart.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = javac.run(null, errors, errors, "-d", dir.toString(),
        "-cp", System.getProperty("java.class.path"), file.toString());
    assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));

    for (int run = 0; run < 5; run++) {
      assertEquals(List.of(
          "seen OrderPlaced[orderId=42, totalCents=1999]",
          "seen OrderShipped[orderId=42, tracking=ZX-1]",
          "1 OrderPlaced[orderId=42, totalCents=1999]",
          "2 OrderShipped[orderId=42, tracking=ZX-1]"), run());
    }
  }

  private List<String> run() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      loader.loadClass("QuickStart").getMethod("main", String[].class)
          .invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static String snippet(String readme) {
    int section = readme.indexOf("## The store in twenty lines");
    assertTrue(section >= 0, "the README has its quick start");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    return readme.substring(start, readme.indexOf("```\n", start));
  }

  private static String readme() throws Exception {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    for (Path candidate : List.of(Paths.get(basedir, "..", "README.md"),
        Paths.get(basedir, "README.md"))) {
      if (Files.isRegularFile(candidate)) {
        return Files.readString(candidate);
      }
    }
    throw new AssertionError("README.md not found from " + basedir);
  }
}
