package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Workload;
import java.util.List;

/** The registry: every workload of the suite, in running order. Add a new one here. */
public final class Workloads {
  private Workloads() {}

  /** The calibration that always runs first when a server is reachable. */
  public static Workload calibration() {
    return new Calibration();
  }

  /** Every selectable workload, in running order. */
  public static List<Workload> all() {
    return List.of(
        new RawProbesWorkload(),
        new W1SingleAppends(false),
        new W1SingleAppends(true),
        new W3Batches(),
        new W4HotStreams(),
        new W5MultiStream(),
        new W6Commands(),
        new W6Replay(),
        new W7ReadStream(),
        new W8Replay(),
        new W9SubscriptionLag(), new W10Rebuild(),
        new W11Growth(),
        new W12InMemory(),
        new W13Pipeline(),
        new W14Codecs(),
        new W15Boundaries());
  }
}
