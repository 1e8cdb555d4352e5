package dev.eventcore.build;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The package arrows of one module, as a table a reader can take in at a glance, checked against
 * the module's compiled main classes. Each row names a package and the packages it may use:
 *
 * <pre>{@code
 * Arrows.table("dev.eventcore", """
 *     dev.eventcore.snapshot   -> dev.eventcore
 *     dev.eventcore.command    -> dev.eventcore dev.eventcore.snapshot
 *                                 dev.eventcore.retry            # a line that starts blank goes on
 *     dev.eventcore.retry      -> -                              # "-": nothing of ours
 *     """).check(CommandExecutor.class);
 * }</pre>
 *
 * <p>{@link #check} fails, listing every offence at once, when a class uses a class of a package
 * under the root that its package's row does not list, when a package of the module has no row,
 * when the table itself has a cycle, and when a class uses a package {@link #forbidding forbidden}
 * or outside the {@link #onlyExternal allowed} external ones. A package may always use itself.
 *
 * <p>A row whose first name is a class ({@code dev.eventcore.EventStore ->
 * dev.eventcore.subscription}) grants that class (and its nested classes) more than its package:
 * for the few arrows a public contract fixes. Such rows are left out of the cycle check, so each
 * one is an exception a reader sees named in the table.
 */
public final class Arrows {
  private static final Pattern NAME_SEPARATORS = Pattern.compile("[\\s,]+");
  private static final Pattern LINES = Pattern.compile("\n");

  private final String root;
  private final Map<String, Set<String>> packageRows;
  private final Map<String, Set<String>> classRows;
  private final List<String> forbidden;
  private final List<String> external;

  private Arrows(String root, Map<String, Set<String>> packageRows,
      Map<String, Set<String>> classRows, List<String> forbidden, List<String> external) {
    this.root = root;
    this.packageRows = packageRows;
    this.classRows = classRows;
    this.forbidden = forbidden;
    this.external = external;
  }

  /**
   * Parses a table: one row per line, {@code from -> to to ...} (names separated by blanks or
   * commas; {@code -} for none); a line that starts with a blank continues the row above; {@code #}
   * starts a comment. Only packages under {@code root} are governed by the table.
   *
   * @throws IllegalArgumentException if a row is malformed, a package has two rows, or a name is
   *     not under {@code root}
   */
  public static Arrows table(String root, String table) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(table, "table");
    Map<String, Set<String>> packages = new LinkedHashMap<>();
    Map<String, Set<String>> classes = new LinkedHashMap<>();
    Set<String> current = null;
    for (String raw : LINES.split(table, -1)) {
      String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
      if (line.isBlank()) {
        continue;
      }
      String targets;
      if (Character.isWhitespace(line.charAt(0))) {
        if (current == null) {
          throw new IllegalArgumentException("a continuation line before any row: '" + raw + "'");
        }
        targets = line;
      } else {
        int arrow = line.indexOf("->");
        if (arrow < 0) {
          throw new IllegalArgumentException("a row needs 'from -> to ...' but was '" + raw + "'");
        }
        String from = line.substring(0, arrow).trim();
        requireUnder(root, from, raw);
        Map<String, Set<String>> rows = isClassName(from) ? classes : packages;
        if (rows.containsKey(from)) {
          throw new IllegalArgumentException(from + " has two rows; merge them");
        }
        current = new TreeSet<>();
        rows.put(from, current);
        targets = line.substring(arrow + 2);
      }
      for (String to : NAME_SEPARATORS.split(targets.trim(), -1)) {
        if (!to.isEmpty() && !to.equals("-")) {
          requireUnder(root, to, raw);
          current.add(to);
        }
      }
    }
    return new Arrows(root, packages, classes, List.of(), List.of());
  }

  /**
   * This table, also failing on any use of a package that starts with one of {@code prefixes}
   * (for example {@code "java.sql"}, {@code "tools.jackson"}).
   */
  public Arrows forbidding(String... prefixes) {
    return new Arrows(root, packageRows, classRows, List.copyOf(Arrays.asList(prefixes)), external);
  }

  /**
   * This table, also failing on any use of a package outside the root that starts with none of
   * {@code prefixes} (for example {@code "java."}, {@code "org.slf4j"}).
   */
  public Arrows onlyExternal(String... prefixes) {
    List<String> allowed = List.copyOf(Arrays.asList(prefixes));
    return new Arrows(root, packageRows, classRows, forbidden, allowed);
  }

  /**
   * Checks the compiled main classes of the module that holds {@code anyMainClass} (its classes
   * directory or jar folder, as the test class path has it).
   *
   * @throws AssertionError listing every offence
   */
  public void check(Class<?> anyMainClass) {
    Path location;
    try {
      location = Path.of(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + anyMainClass, e);
    }
    if (!Files.isDirectory(location)) {
      throw new IllegalStateException(anyMainClass + " was loaded from " + location
          + ", not from a classes directory; run the test in the module's own build");
    }
    Map<String, Set<String>> uses = ClassReferences.scan(location);
    if (!uses.containsKey(anyMainClass.getName())) {
      throw new IllegalStateException("the scan of " + location + " missed " + anyMainClass);
    }
    List<String> offences = offences(uses);
    if (!offences.isEmpty()) {
      throw new AssertionError(offences.size() + " offence(s) against the package arrows:\n  "
          + String.join("\n  ", offences));
    }
  }

  /**
   * The offences of {@code uses} (class binary name -> binary names of the classes it uses)
   * against this table, sorted: empty when they keep to it.
   */
  public List<String> offences(Map<String, Set<String>> uses) {
    List<String> found = new ArrayList<>(cycles());
    Set<String> packages = new TreeSet<>();
    Map<String, Set<String>> perPair = new TreeMap<>();
    for (Map.Entry<String, Set<String>> entry : uses.entrySet()) {
      String user = entry.getKey();
      String from = packageOf(user);
      packages.add(from);
      for (String used : entry.getValue()) {
        String to = packageOf(used);
        String offence = offence(user, from, used, to);
        if (offence != null) {
          perPair.computeIfAbsent(offence, k -> new TreeSet<>()).add(simpleName(user) + " uses "
              + simpleName(used));
        }
      }
    }
    for (String pkg : packages) {
      if (under(pkg) && !packageRows.containsKey(pkg)) {
        found.add(pkg + " has no row in the table: add one with the packages it may use");
      }
    }
    perPair.forEach((offence, examples) -> found.add(offence + " (" + String.join(", ", examples)
        + ")"));
    return found;
  }

  private String offence(String user, String from, String used, String to) {
    if (to.equals(from)) {
      return null;
    }
    for (String prefix : forbidden) {
      if (to.equals(prefix) || to.startsWith(prefix + ".") || used.startsWith(prefix + ".")) {
        return from + " must not use " + to + " (forbidden here)";
      }
    }
    if (!under(to)) {
      if (external.isEmpty() || external.stream().anyMatch(to::startsWith)) {
        return null;
      }
      return from + " must not use " + to + " (outside the allowed " + external + ")";
    }
    Set<String> allowed = packageRows.get(from);
    if (allowed == null || allowed.contains(to)) {
      return null; // a package without a row is reported once, on its own
    }
    for (Map.Entry<String, Set<String>> row : classRows.entrySet()) {
      String owner = row.getKey();
      if ((user.equals(owner) || user.startsWith(owner + "$")) && row.getValue().contains(to)) {
        return null;
      }
    }
    return from + " -> " + to + " is not in the table";
  }

  /** The cycles among the package rows, each as "a -> b -> a". */
  private List<String> cycles() {
    List<String> found = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    for (String start : packageRows.keySet()) {
      walk(start, new ArrayList<>(), done, found);
    }
    return found;
  }

  private void walk(String pkg, List<String> path, Set<String> done, List<String> found) {
    int seen = path.indexOf(pkg);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(pkg);
      found.add("the table has a cycle: " + String.join(" -> ", cycle));
      return;
    }
    if (!done.add(pkg)) {
      return;
    }
    path.add(pkg);
    for (String next : packageRows.getOrDefault(pkg, Set.of())) {
      if (!next.equals(pkg)) {
        walk(next, path, done, found);
      }
    }
    path.remove(path.size() - 1);
  }

  private boolean under(String pkg) {
    return pkg.equals(root) || pkg.startsWith(root + ".");
  }

  private static void requireUnder(String root, String name, String row) {
    if (!name.equals(root) && !name.startsWith(root + ".")) {
      throw new IllegalArgumentException(
          "'" + name + "' is not under " + root + "; the table governs only its packages: " + row);
    }
  }

  /** Whether a table name names a class: its last part starts with a capital letter. */
  private static boolean isClassName(String name) {
    return Character.isUpperCase(name.charAt(name.lastIndexOf('.') + 1));
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
