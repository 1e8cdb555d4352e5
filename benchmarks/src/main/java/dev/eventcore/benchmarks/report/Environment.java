package dev.eventcore.benchmarks.report;

import dev.eventcore.benchmarks.jdbc.ServerInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a run was measured: every report starts with this.
 *
 * @param startedAt when the run started (ISO-8601)
 * @param profile the profile name
 * @param store which store the library workloads used ({@code postgres} or {@code memory})
 * @param cpus available processors
 * @param jdk the JVM name and version
 * @param os the operating system
 * @param server the PostgreSQL server's settings, when reachable
 * @param roundTripMicros the measured round trip, median, NaN when not measured
 * @param commitCostMicros the measured durable commit, median, NaN when not measured
 * @param notes remarks about the run (unreachable server, missing adapter, ...)
 */
public record Environment(String startedAt, String profile, String store, int cpus, String jdk,
    String os, Optional<ServerInfo> server, double roundTripMicros, double commitCostMicros,
    List<String> notes) {

  /** Validates and copies the arguments. */
  public Environment {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(jdk, "jdk");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(server, "server");
    notes = List.copyOf(notes);
  }

  /** The JVM and OS of this process. */
  public static Environment ofThisJvm(String startedAt, String profile, String store,
      Optional<ServerInfo> server, double roundTripMicros, double commitCostMicros, List<String> notes) {
    return new Environment(startedAt, profile, store, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        server, roundTripMicros, commitCostMicros, notes);
  }
}
