package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.build.Arrows;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's architecture: which package may use which, no cycle, no JDBC, Jackson or PostgreSQL,
 * and a documented tree. The table is the design; a new arrow is a design change, made here first.
 */
class ArchitectureTest {

  /** Bottom to top: a package uses only packages above it in this list, never one below. */
  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                    -> packages it may use
      dev.eventcore.internal.text  -> -                        # text checks, used by the model
      dev.eventcore.retry          -> -                        # RetryPolicy, Sleeper
      dev.eventcore.internal.cache -> -                        # BoundedCache
      dev.eventcore                -> dev.eventcore.internal.text      # the model and the port
      dev.eventcore.EventStore     -> dev.eventcore.subscription dev.eventcore.dcb
                                      # subscribe(after, handler) returns a Subscription: the
                                      # public contract puts the port's two halves in two packages;
                                      # boundaries() returns the store's DcbStore
      dev.eventcore.dcb            -> dev.eventcore dev.eventcore.internal.cache
                                      # dynamic consistency boundaries
      dev.eventcore.subscription   -> dev.eventcore
      dev.eventcore.serialization  -> dev.eventcore dev.eventcore.internal.text
      dev.eventcore.observe        -> dev.eventcore
      dev.eventcore.snapshot       -> dev.eventcore
      dev.eventcore.shredding      -> dev.eventcore dev.eventcore.serialization
                                      # personal data encrypted by a codec decorator
      dev.eventcore.internal       -> dev.eventcore dev.eventcore.internal.text
                                      dev.eventcore.serialization dev.eventcore.observe
      dev.eventcore.spi            -> dev.eventcore dev.eventcore.subscription
                                      dev.eventcore.serialization dev.eventcore.observe
                                      dev.eventcore.internal dev.eventcore.dcb
      dev.eventcore.command        -> dev.eventcore dev.eventcore.snapshot dev.eventcore.retry
                                      dev.eventcore.observe dev.eventcore.internal
                                      dev.eventcore.internal.cache
      dev.eventcore.projection     -> dev.eventcore dev.eventcore.subscription dev.eventcore.retry
                                      dev.eventcore.observe dev.eventcore.internal
      dev.eventcore.saga           -> dev.eventcore dev.eventcore.command dev.eventcore.projection
                                      dev.eventcore.observe dev.eventcore.internal
      dev.eventcore.retention      -> dev.eventcore dev.eventcore.internal
      dev.eventcore.health         -> dev.eventcore dev.eventcore.projection dev.eventcore.saga
                                      dev.eventcore.internal
      """)
      .onlyExternal("java.", "javax.crypto", "org.slf4j", "org.jspecify")
      .forbidding("java.sql", "javax.sql", "tools.jackson", "com.fasterxml", "org.postgresql");

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(EventStore.class);
  }

  @Test
  void theTableCatchesAnArrowAgainstIt() {
    // guards the guard: the model using serialization is what the table forbids
    List<String> offences = ARROWS.offences(Map.of(
        "dev.eventcore.EventFilter", Set.of("dev.eventcore.serialization.EventTypes"),
        "dev.eventcore.projection.Run", Set.of("dev.eventcore.spi.WakeUpSignal")));
    assertEquals(List.of(
        "dev.eventcore -> dev.eventcore.serialization is not in the table"
            + " (EventFilter uses EventTypes)",
        "dev.eventcore.projection -> dev.eventcore.spi is not in the table"
            + " (Run uses WakeUpSignal)"), offences);
  }

  /**
   * {@code src/main/java} of this module, found from where this test class was loaded (its
   * {@code target/test-classes}, also when another module's build runs it), else from surefire's
   * {@code basedir} or the cwd.
   */
  private static Path mainSources() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    for (Path candidate :
        List.of(
            moduleOfThisTest().resolve(Paths.get("src", "main", "java")),
            Paths.get(basedir, "src", "main", "java"),
            Paths.get(basedir, "eventcore", "src", "main", "java"))) {
      if (Files.isDirectory(candidate.resolve("dev/eventcore"))) {
        return candidate;
      }
    }
    throw new AssertionError("cannot find eventcore/src/main/java from basedir " + basedir);
  }

  /** The module directory above the classes directory this test was loaded from. */
  private static Path moduleOfThisTest() {
    try {
      Path classes = Paths.get(
          ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = classes.getParent();
      Path module = target == null ? null : target.getParent();
      return module == null ? classes : module;
    } catch (URISyntaxException | SecurityException e) {
      throw new AssertionError("cannot locate the classes of " + ArchitectureTest.class, e);
    }
  }

  @Test
  void everyPackageHasAPackageInfo() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(mainSources())) {
      files = walk.filter(f -> f.toString().endsWith(".java")).sorted()
          .collect(Collectors.toList());
    }
    Set<Path> packages = new TreeSet<>();
    for (Path file : files) {
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
