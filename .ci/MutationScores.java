import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints the mutation scores of PIT's XML reports by package: mutants, killed (or timed out),
 * survived, not covered, the score (killed of all) and the test strength (killed of covered).
 *
 * <pre>
 * java .ci/MutationScores.java eventcore-testkit/target/pit-reports/mutations.xml [more.xml ...]
 * java .ci/MutationScores.java --survivors dev.eventcore.saga eventcore-testkit/target/pit-reports/mutations.xml
 * </pre>
 *
 * <p>With {@code --survivors PACKAGE} it lists the surviving mutants of that package instead:
 * class, method, line and what was mutated.
 */
public final class MutationScores {
  private MutationScores() {}

  public static void main(String[] args) throws Exception {
    String survivorsOf = null;
    List<Path> reports = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--survivors") && i + 1 < args.length) {
        survivorsOf = args[++i];
      } else {
        reports.add(Path.of(args[i]));
      }
    }
    if (reports.isEmpty()) {
      System.err.println("usage: java .ci/MutationScores.java [--survivors PACKAGE] mutations.xml ...");
      System.exit(2);
    }
    Map<String, long[]> byPackage = new TreeMap<>(); // mutants, killed, survived, no coverage
    for (Path report : reports) {
      if (!Files.isRegularFile(report)) {
        System.err.println("no report at " + report + " (run ./mvnw -Pmutation verify first)");
        System.exit(2);
      }
      NodeList mutations = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(report.toFile()).getElementsByTagName("mutation");
      for (int i = 0; i < mutations.getLength(); i++) {
        Element mutation = (Element) mutations.item(i);
        String status = mutation.getAttribute("status");
        String type = text(mutation, "mutatedClass");
        String pkg = type.substring(0, Math.max(0, type.lastIndexOf('.')));
        if (survivorsOf != null) {
          if (pkg.equals(survivorsOf) && status.equals("SURVIVED")) {
            System.out.printf("%s.%s line %s: %s%n", type.substring(pkg.length() + 1),
                text(mutation, "mutatedMethod"), text(mutation, "lineNumber"),
                text(mutation, "description"));
          }
          continue;
        }
        long[] counts = byPackage.computeIfAbsent(pkg, p -> new long[4]);
        counts[0]++;
        switch (status) {
          case "KILLED", "TIMED_OUT", "MEMORY_ERROR" -> counts[1]++;
          case "NO_COVERAGE" -> counts[3]++;
          default -> counts[2]++; // SURVIVED, RUN_ERROR, NON_VIABLE
        }
      }
    }
    if (survivorsOf != null) {
      return;
    }
    long[] total = new long[4];
    System.out.printf("%-34s %7s %7s %8s %8s %6s %8s%n",
        "package", "mutants", "killed", "survived", "no cover", "score", "strength");
    for (Map.Entry<String, long[]> entry : byPackage.entrySet()) {
      print(entry.getKey(), entry.getValue());
      for (int i = 0; i < 4; i++) {
        total[i] += entry.getValue()[i];
      }
    }
    print("all", total);
  }

  private static void print(String name, long[] c) {
    System.out.printf("%-34s %7d %7d %8d %8d %5.1f%% %7.1f%%%n", name, c[0], c[1], c[2], c[3],
        100.0 * c[1] / Math.max(1, c[0]), 100.0 * c[1] / Math.max(1, c[0] - c[3]));
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
  }
}
