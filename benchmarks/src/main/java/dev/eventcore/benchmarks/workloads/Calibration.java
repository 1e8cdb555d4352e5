package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Workload;

/**
 * ENV: the two limits every report starts with, measured first whenever a server is reachable:
 * the round trip ({@code SELECT 1}) and the cost of a durable commit, one thread, median latency.
 * Always runs (it is not selectable with {@code --only}).
 */
public final class Calibration implements Workload {

  @Override
  public String id() {
    return "ENV";
  }

  @Override
  public String title() {
    return "round trip and commit cost";
  }

  @Override
  public void run(Bench bench) throws Exception {
    LoadPlan plan = bench.profile().plan(1);
    CaseResult roundTrip = bench.newCase(id(), "ENV round trip")
        .subject("raw SELECT 1", bench.trial(plan, bench.raw().roundTrip())).run();
    CaseResult commit = bench.newCase(id(), "ENV commit cost")
        .subject("raw durable commit", bench.trial(plan, bench.raw().commit())).run();
    bench.record(roundTrip);
    bench.record(commit);
    bench.calibrated(roundTrip.subject().orElseThrow().latency().p50(),
        commit.subject().orElseThrow().latency().p50());
  }
}
