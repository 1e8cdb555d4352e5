package dev.eventcore.cli;

import dev.eventcore.retention.RetentionJob;
import dev.eventcore.retention.RetentionRule;
import dev.eventcore.retention.RetentionRun;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code archive --category C --older-than AGE | --keep N}: one pass of an archiving retention rule
 * over a category, for an operator's schedule (cron) instead of the application's job.
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
    description = "Move the old events of a category's streams to the archive (every read still"
        + " finds them; each stream's last event stays): one pass of an archiving retention rule.")
final class ArchiveCommand implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--category", paramLabel = "C", required = true,
      description = "The streams' category, e.g. order for order-42.")
  String category;

  @Option(names = "--older-than", paramLabel = "AGE", converter = DurationConverter.class,
      description = "Archive events recorded longer ago than AGE, e.g. 90d, 6h.")
  Duration olderThan;

  @Option(names = "--keep", paramLabel = "N",
      description = "Keep each stream's newest N events hot (at least 1).")
  Long keep;

  @Override
  public Integer call() {
    Optional<Duration> age = Optional.ofNullable(olderThan);
    OptionalLong count = keep == null ? OptionalLong.empty() : OptionalLong.of(keep);
    if (age.isEmpty() && count.isEmpty()) {
      throw new CliException("say what to archive: --older-than AGE, --keep N or both");
    }
    if (age.isPresent() && age.get().isZero()) {
      throw new CliException("--older-than must be more than 0");
    }
    RetentionRule rule;
    try {
      rule = new RetentionRule(category, age, count, true);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage().replace("maxCount", "--keep"));
    }
    RetentionRun run;
    try (Session session = common.open()) {
      run = RetentionJob.builder(session.store()).rule(rule).build().runOnce();
    }
    Output output = common.output();
    if (output.json()) {
      output.print(Output.object().put("category", category)
          .put("streamsExamined", run.streamsExamined())
          .put("streamsArchived", run.streamsArchived())
          .put("eventsArchived", run.eventsArchived()));
    } else {
      output.line(String.format(java.util.Locale.ROOT,
          "archived %,d events of %,d streams (%,d streams of category %s examined)",
          run.eventsArchived(), run.streamsArchived(), run.streamsExamined(), category));
    }
    return 0;
  }
}
