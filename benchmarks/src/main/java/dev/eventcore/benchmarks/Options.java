package dev.eventcore.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The command line.
 *
 * @param profile {@code quick} (default) or {@code full}
 * @param jdbcUrl the database, credentials in the URL
 * @param only workload ids to run (upper case); empty for all
 * @param store {@code postgres} (default) or {@code memory}: which store the library workloads use
 * @param out the results directory; empty for {@code benchmarks/results/<timestamp>}
 */
public record Options(String profile, String jdbcUrl, Set<String> only, String store, Optional<Path> out,
    OptionalLong growthEvents) {

  /** The default database: the local server. */
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** The usage text. */
  public static final String USAGE = String.join("\n",
      "usage: java -jar benchmarks/target/benchmarks.jar [quick|full] [options]",
      "  quick|full          profile: quick (default, minutes) or full (the measured run, about an hour)",
      "  --jdbc-url URL      PostgreSQL, credentials in the URL (default " + DEFAULT_URL + ")",
      "  --only ID,ID        run only these workloads, e.g. W1,W3 or P,W12",
      "  --store NAME        postgres (default) or memory: the store the library workloads use",
      "  --out DIR           results directory (default benchmarks/results/<timestamp>)",
      "  --growth N          W11's store size in events (default: the profile's; 100,000 or more)",
      "  --help              this text");

  /** Validates and copies the arguments. */
  public Options {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    only = Set.copyOf(only);
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(growthEvents, "growthEvents");
  }

  /**
   * Parses the command line.
   *
   * @throws IllegalArgumentException naming the bad argument, for {@link #USAGE}
   */
  public static Options parse(String... args) {
    String profile = "quick";
    String url = DEFAULT_URL;
    Set<String> only = new LinkedHashSet<>();
    String store = "postgres";
    Optional<Path> out = Optional.empty();
    OptionalLong growth = OptionalLong.empty();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      switch (arg) {
        case "quick":
        case "full":
          profile = arg;
          break;
        case "--jdbc-url":
          url = value(arg, rest);
          if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url must start with jdbc:postgresql: but was " + url);
          }
          break;
        case "--only":
          for (String id : value(arg, rest).split(",")) {
            if (!id.isBlank()) {
              only.add(id.trim().toUpperCase(Locale.ROOT));
            }
          }
          if (only.isEmpty()) {
            throw new IllegalArgumentException("--only needs at least one workload id, e.g. W1,W3");
          }
          break;
        case "--store":
          store = value(arg, rest);
          if (!store.equals("postgres") && !store.equals("memory")) {
            throw new IllegalArgumentException("--store must be postgres or memory but was " + store);
          }
          break;
        case "--out":
          out = Optional.of(Path.of(value(arg, rest)));
          break;
        case "--growth":
          growth = OptionalLong.of(growth(value(arg, rest)));
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return new Options(profile, url, only, store, out, growth);
  }

  private static long growth(String value) {
    long events;
    try {
      events = Long.parseLong(value.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--growth must be a number of events but was " + value);
    }
    if (events < 100_000) {
      throw new IllegalArgumentException("--growth must be at least 100,000 but was " + value);
    }
    return events;
  }

  /** Whether workload {@code id} is selected. */
  public boolean selects(String id) {
    return only.isEmpty() || only.contains(id.toUpperCase(Locale.ROOT));
  }

  private static String value(String flag, List<String> rest) {
    if (rest.isEmpty() || rest.get(0).startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return rest.remove(0);
  }
}
