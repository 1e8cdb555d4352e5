package dev.eventcore.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one case of a workload (e.g. W1 at 4 threads): the library's series, its raw
 * baselines measured in interleaved rounds, the targets checked, and notes. A case that could not
 * run has no series and says why in {@code skipped}.
 *
 * @param workload the workload id, e.g. {@code "W1"}
 * @param name the case name, unique in the run, e.g. {@code "W1 threads=4"}
 * @param params the case parameters, for charts and JSON (e.g. {@code threads=4})
 * @param subject the measured series; empty when skipped
 * @param baselines the raw baselines, in the order they were declared
 * @param checks the targets checked
 * @param notes remarks shown with the case
 * @param skipped why the case did not run, if it did not
 */
public record CaseResult(
    String workload,
    String name,
    Map<String, String> params,
    Optional<Series> subject,
    List<Series> baselines,
    List<Check> checks,
    List<String> notes,
    Optional<String> skipped) {

  /** Validates and copies the arguments. */
  public CaseResult {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(name, "name");
    params = new LinkedHashMap<>(params);
    Objects.requireNonNull(subject, "subject");
    baselines = List.copyOf(baselines);
    checks = List.copyOf(checks);
    notes = List.copyOf(notes);
    Objects.requireNonNull(skipped, "skipped");
  }

  /** A case that did not run, and why. */
  public static CaseResult skipped(String workload, String name, Map<String, String> params, String why) {
    return new CaseResult(
        workload, name, params, Optional.empty(), List.of(), List.of(), List.of(), Optional.of(why));
  }

  /** The baseline with this label. */
  public Optional<Series> baseline(String label) {
    return baselines.stream().filter(b -> b.label().equals(label)).findFirst();
  }

  /**
   * The median over rounds of subject rate / baseline rate, the figure the targets of docs/benchmarks.md are set in;
   * NaN when either is missing. Pairing by round cancels slow drift of a noisy machine.
   */
  public double ratioTo(String label) {
    Optional<Series> base = baseline(label);
    if (subject.isEmpty() || base.isEmpty()) {
      return Double.NaN;
    }
    List<Sample> ours = subject.get().samples();
    List<Sample> theirs = base.get().samples();
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
      ratios.add(ours.get(i).eventsPerSecond() / theirs.get(i).eventsPerSecond());
    }
    return Stats.median(ratios);
  }

  /** Whether the subject or any baseline spread more than {@link Stats#NOISY_SPREAD}. */
  public boolean noisy() {
    if (subject.isPresent() && Stats.isNoisy(subject.get().spread())) {
      return true;
    }
    return baselines.stream().anyMatch(b -> Stats.isNoisy(b.spread()));
  }

  /** A copy with more checks. */
  public CaseResult withChecks(List<Check> more) {
    List<Check> all = new ArrayList<>(checks);
    all.addAll(more);
    return new CaseResult(workload, name, params, subject, baselines, all, notes, skipped);
  }

  /** A copy with one more note. */
  public CaseResult withNote(String note) {
    List<String> all = new ArrayList<>(notes);
    all.add(note);
    return new CaseResult(workload, name, params, subject, baselines, checks, all, skipped);
  }
}
