package dev.eventcore.cli;

import dev.eventcore.postgres.PostgresProjectionAdmin;
import dev.eventcore.postgres.StoredProjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;

/** {@code projections}: every projection's state, lag, rate, lease holder and last error. */
@Command(name = "projections", mixinStandardHelpOptions = true,
    description = {"List projections: state, checkpoint, lag, rate, lease holder, dead letters and"
        + " the last dead letter's error, from the store's tables.",
        "LAG counts every event after the checkpoint (the CLI does not know a projection's filter)"
            + " and how long the oldest has waited. RATE is measured between two readings of the"
            + " checkpoints --sample apart."})
final class ProjectionsCommand implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--sample", paramLabel = "DURATION", defaultValue = "2s",
      converter = DurationConverter.class,
      description = "How long to watch the checkpoints for RATE; 0 for no rate"
          + " (default: ${DEFAULT-VALUE}).")
  Duration sample;

  @Override
  public Integer call() throws InterruptedException {
    List<ProjectionView> views = new ArrayList<>();
    try (Session session = common.open()) {
      PostgresProjectionAdmin admin = session.projections();
      Map<String, StoredProjection> earlier = new HashMap<>();
      if (!sample.isZero()) {
        admin.list().forEach(p -> earlier.put(p.name(), p));
        Thread.sleep(sample.toMillis());
      }
      for (StoredProjection stored : admin.list()) {
        views.add(ProjectionView.of(session.store(), stored,
            Optional.ofNullable(earlier.get(stored.name())), sample));
      }
    }
    Output output = common.output();
    if (output.json()) {
      ArrayNode array = Output.array();
      views.forEach(view -> array.add(view.json()));
      output.print(array);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    views.forEach(view -> rows.add(view.row()));
    output.table(ProjectionView.HEADERS, rows);
    return 0;
  }
}
