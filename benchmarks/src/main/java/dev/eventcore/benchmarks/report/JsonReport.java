package dev.eventcore.benchmarks.report;

import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.Latency;
import dev.eventcore.benchmarks.harness.Sample;
import dev.eventcore.benchmarks.harness.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a report as JSON: the environment, then every case with its medians, spread, ratios,
 * checks and every round's raw sample, for later comparison between runs. NaN becomes {@code
 * null}. Pure.
 */
public final class JsonReport {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private JsonReport() {}

  /** The JSON text. */
  public static String render(Report report) {
    Map<String, Object> root = new LinkedHashMap<>();
    Environment env = report.environment();
    Map<String, Object> environment = new LinkedHashMap<>();
    environment.put("startedAt", env.startedAt());
    environment.put("profile", env.profile());
    environment.put("store", env.store());
    environment.put("cpus", env.cpus());
    environment.put("jdk", env.jdk());
    environment.put("os", env.os());
    env.server().ifPresent(server -> environment.put("postgres", Map.of(
        "version", server.version(), "fsync", server.fsync(),
        "synchronous_commit", server.synchronousCommit(), "wal_sync_method", server.walSyncMethod(),
        "shared_buffers", server.sharedBuffers())));
    environment.put("roundTripMicros", number(env.roundTripMicros()));
    environment.put("commitCostMicros", number(env.commitCostMicros()));
    environment.put("notes", env.notes());
    root.put("environment", environment);
    root.put("workloads", report.workloads());
    List<Object> cases = new ArrayList<>();
    report.results().forEach(r -> cases.add(caseNode(r)));
    root.put("cases", cases);
    return MAPPER.writeValueAsString(root);
  }

  private static Map<String, Object> caseNode(CaseResult result) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("workload", result.workload());
    node.put("name", result.name());
    node.put("params", result.params());
    result.skipped().ifPresent(why -> node.put("skipped", why));
    result.subject().ifPresent(s -> node.put("subject", seriesNode(s)));
    List<Object> baselines = new ArrayList<>();
    for (Series baseline : result.baselines()) {
      Map<String, Object> b = seriesNode(baseline);
      b.put("ratio", number(result.ratioTo(baseline.label())));
      baselines.add(b);
    }
    node.put("baselines", baselines);
    List<Object> checks = new ArrayList<>();
    for (Check check : result.checks()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("target", check.target());
      c.put("actual", number(check.actual()));
      c.put("threshold", number(check.threshold()));
      c.put("verdict", check.verdict());
      checks.add(c);
    }
    node.put("checks", checks);
    node.put("noisy", result.noisy());
    node.put("notes", result.notes());
    return node;
  }

  private static Map<String, Object> seriesNode(Series series) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("label", series.label());
    node.put("eventsPerSecond", number(series.medianRate()));
    node.put("operationsPerSecond", number(series.medianOperationRate()));
    node.put("spread", number(series.spread()));
    Latency latency = series.latency();
    Map<String, Object> micros = new LinkedHashMap<>();
    micros.put("count", latency.count());
    micros.put("p50", latency.p50());
    micros.put("p95", latency.p95());
    micros.put("p99", latency.p99());
    micros.put("p999", latency.p999());
    micros.put("max", latency.max());
    node.put("latencyMicros", micros);
    node.put("roundTripsPerOperation", number(series.roundTripsPerOperation()));
    node.put("allocatedBytesPerEvent", number(series.allocatedBytesPerEvent()));
    List<Object> rounds = new ArrayList<>();
    for (Sample sample : series.samples()) {
      Map<String, Object> round = new LinkedHashMap<>();
      round.put("eventsPerSecond", number(sample.eventsPerSecond()));
      round.put("operations", sample.operations());
      round.put("events", sample.events());
      round.put("elapsedNanos", sample.elapsedNanos());
      round.put("counters", sample.counters());
      rounds.add(round);
    }
    node.put("rounds", rounds);
    return node;
  }

  private static Double number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
  }
}
