package dev.eventcore.benchmarks.report;

import dev.eventcore.benchmarks.harness.CaseResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole run: its environment, the workloads that were selected (id to title, in order) and the
 * results of their cases.
 *
 * @param environment where it ran
 * @param workloads selected workloads, id to title, in running order
 * @param results every case, in running order
 */
public record Report(Environment environment, Map<String, String> workloads, List<CaseResult> results) {

  /** Validates and copies the arguments. */
  public Report {
    Objects.requireNonNull(environment, "environment");
    workloads = new LinkedHashMap<>(workloads);
    results = List.copyOf(results);
  }

  /** The cases of workload {@code id}, in running order. */
  public List<CaseResult> casesOf(String id) {
    return results.stream().filter(r -> r.workload().equals(id)).toList();
  }
}
