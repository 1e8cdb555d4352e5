package dev.eventcore.benchmarks;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The benchmark suite's package arrows: payloads and stores at the bottom, the harness that times
 * work above them, the raw-JDBC baselines and the workloads above the harness, the report and the
 * command line on top. The table is the design; a new arrow is a design change, made here first.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                                 -> packages it may use
      dev.eventcore.benchmarks.events             -> dev.eventcore dev.eventcore.command
                                                     dev.eventcore.serialization
      dev.eventcore.benchmarks.store              -> dev.eventcore dev.eventcore.serialization
                                                     dev.eventcore.snapshot dev.eventcore.memory
                                                     dev.eventcore.postgres
      dev.eventcore.benchmarks.harness            -> dev.eventcore dev.eventcore.serialization
                                                     dev.eventcore.jackson
                                                     dev.eventcore.benchmarks.events
                                                     dev.eventcore.benchmarks.store
      dev.eventcore.benchmarks.harness.Bench      -> dev.eventcore.benchmarks.jdbc
                                                     # the harness's entry point opens the
                                                     # baselines' database: a cycle left to break
      dev.eventcore.benchmarks.jdbc               -> dev.eventcore dev.eventcore.command
                                                     dev.eventcore.benchmarks.events
                                                     dev.eventcore.benchmarks.harness
      dev.eventcore.benchmarks.jmh                -> dev.eventcore dev.eventcore.memory
                                                     dev.eventcore.serialization
                                                     dev.eventcore.benchmarks.events
                                                     dev.eventcore.benchmarks.harness
      dev.eventcore.benchmarks.jmh.jmh_generated  -> dev.eventcore dev.eventcore.benchmarks.jmh
                                                     # written by JMH's annotation processor
      dev.eventcore.benchmarks.workloads          -> dev.eventcore dev.eventcore.command
                                                     dev.eventcore.serialization dev.eventcore.dcb
                                                     dev.eventcore.jackson
                                                     dev.eventcore.snapshot
                                                     dev.eventcore.subscription
                                                     dev.eventcore.projection dev.eventcore.memory
                                                     dev.eventcore.postgres dev.eventcore.examples
                                                     dev.eventcore.examples.order
                                                     dev.eventcore.examples.fulfillment
                                                     dev.eventcore.examples.pipeline
                                                     dev.eventcore.examples.readmodel
                                                     dev.eventcore.benchmarks.events
                                                     dev.eventcore.benchmarks.store
                                                     dev.eventcore.benchmarks.harness
                                                     dev.eventcore.benchmarks.jdbc
                                                     dev.eventcore.benchmarks.jmh
      dev.eventcore.benchmarks.report             -> dev.eventcore.benchmarks.harness
                                                     dev.eventcore.benchmarks.jdbc
      dev.eventcore.benchmarks                    -> dev.eventcore.benchmarks.harness
                                                     dev.eventcore.benchmarks.jdbc
                                                     dev.eventcore.benchmarks.store
                                                     dev.eventcore.benchmarks.workloads
                                                     dev.eventcore.benchmarks.report
      """);

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(Main.class);
  }
}
