package dev.eventcore.benchmarks.report;

import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report's charts: throughput against threads (W1, W2 and the raw single insert) and against
 * batch size (W3 and its raw baselines). Pure; a chart with no data is absent.
 */
public final class Charts {
  /** File name of the threads chart. */
  public static final String THREADS = "throughput-threads.svg";
  /** File name of the batch-size chart. */
  public static final String BATCHES = "throughput-batch.svg";

  private Charts() {}

  /** Each chart that has data, by file name. */
  public static Map<String, String> render(Report report) {
    Map<String, String> charts = new LinkedHashMap<>();
    List<SvgChart.Line> threads = new ArrayList<>();
    addLines(threads, report.casesOf("W1"), "threads", "W1 ", true);
    addLines(threads, report.casesOf("W2"), "threads", "W2 ", false);
    if (!threads.isEmpty()) {
      charts.put(THREADS, SvgChart.render("Single-event appends: throughput vs threads", "threads",
          "events/s", threads, false));
    }
    List<SvgChart.Line> batches = new ArrayList<>();
    addLines(batches, report.casesOf("W3"), "batch", "", true);
    if (!batches.isEmpty()) {
      charts.put(BATCHES, SvgChart.render("Batch appends: throughput vs batch size", "events per append (log)",
          "events/s", batches, true));
    }
    return charts;
  }

  private static void addLines(List<SvgChart.Line> lines, List<CaseResult> cases, String param,
      String prefix, boolean withBaselines) {
    Map<String, List<SvgChart.Point>> byLabel = new LinkedHashMap<>();
    for (CaseResult result : cases) {
      String x = result.params().get(param);
      if (x == null || result.subject().isEmpty() || result.params().containsKey("rate")) {
        continue;
      }
      double xValue = Double.parseDouble(x);
      add(byLabel, prefix + result.subject().get().label(), xValue, result.subject());
      if (withBaselines) {
        for (Series baseline : result.baselines()) {
          add(byLabel, baseline.label(), xValue, Optional.of(baseline));
        }
      }
    }
    byLabel.forEach((label, points) -> lines.add(new SvgChart.Line(label, points)));
  }

  private static void add(Map<String, List<SvgChart.Point>> byLabel, String label, double x,
      Optional<Series> series) {
    series.ifPresent(s -> byLabel.computeIfAbsent(label, l -> new ArrayList<>())
        .add(new SvgChart.Point(x, s.medianRate())));
  }
}
