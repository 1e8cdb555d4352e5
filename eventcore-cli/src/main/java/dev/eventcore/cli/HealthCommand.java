package dev.eventcore.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code health}: reachability, the horizon and a projections summary; exit 1 if degraded. */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Is the store healthy: the database answers, the global log is not held back"
        + " for --max-stall, no projection has dead letters. Exit code 1 when degraded.")
final class HealthCommand implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--max-stall", paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long the log may be held back while healthy (default: ${DEFAULT-VALUE}).")
  Duration maxStall;

  @Override
  public Integer call() {
    HealthReport report;
    try (Session session = common.open()) {
      report = HealthReport.check(session, maxStall);
    }
    Output output = common.output();
    if (output.json()) {
      output.print(report.json());
    } else {
      report.lines().forEach(output::line);
    }
    if (!report.healthy()) {
      throw new CliException("degraded: " + String.join("; ", report.problems()));
    }
    return 0;
  }
}
