package dev.eventcore.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A case to measure: the library's trial and its raw baselines, run in interleaved rounds. Built by
 * {@link Bench#newCase}; {@link #run()} measures it. Not thread-safe.
 */
public final class CaseSpec {
  private final String workload;
  private final String name;
  private final int rounds;
  private final Consumer<String> progress;
  private final Map<String, String> params = new LinkedHashMap<>();
  private final List<String> labels = new ArrayList<>();
  private final List<Trial> trials = new ArrayList<>();
  private String subjectLabel;
  private Trial subject;

  CaseSpec(String workload, String name, int rounds, Consumer<String> progress) {
    this.workload = Objects.requireNonNull(workload, "workload");
    this.name = Objects.requireNonNull(name, "name");
    this.rounds = rounds;
    this.progress = progress;
  }

  /** Adds a parameter, shown in JSON and used by charts (e.g. {@code threads}). */
  public CaseSpec param(String key, Object value) {
    params.put(key, String.valueOf(value));
    return this;
  }

  /** The library's trial. */
  public CaseSpec subject(String label, Trial trial) {
    this.subjectLabel = Objects.requireNonNull(label, "label");
    this.subject = Objects.requireNonNull(trial, "trial");
    return this;
  }

  /** A raw baseline; the first one declared is the one the main ratio refers to. */
  public CaseSpec baseline(String label, Trial trial) {
    labels.add(Objects.requireNonNull(label, "label"));
    trials.add(Objects.requireNonNull(trial, "trial"));
    return this;
  }

  /**
   * Runs every round: baselines then subject in even rounds, subject then baselines in reverse in
   * odd rounds (ABBA), so slow drift of the machine affects both sides alike.
   *
   * @throws Exception what a trial threw
   */
  public CaseResult run() throws Exception {
    List<List<Sample>> baselineSamples = new ArrayList<>();
    labels.forEach(l -> baselineSamples.add(new ArrayList<>()));
    List<Sample> subjectSamples = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      progress.accept(name + ": round " + (round + 1) + "/" + rounds);
      if (round % 2 == 0) {
        for (int i = 0; i < trials.size(); i++) {
          baselineSamples.get(i).add(trials.get(i).run());
        }
        if (subject != null) {
          subjectSamples.add(subject.run());
        }
      } else {
        if (subject != null) {
          subjectSamples.add(subject.run());
        }
        for (int i = trials.size() - 1; i >= 0; i--) {
          baselineSamples.get(i).add(trials.get(i).run());
        }
      }
    }
    List<Series> baselines = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      baselines.add(new Series(labels.get(i), baselineSamples.get(i)));
    }
    Optional<Series> measured =
        subject == null ? Optional.empty() : Optional.of(new Series(subjectLabel, subjectSamples));
    return new CaseResult(workload, name, params, measured, baselines, List.of(), List.of(),
        Optional.empty());
  }
}
