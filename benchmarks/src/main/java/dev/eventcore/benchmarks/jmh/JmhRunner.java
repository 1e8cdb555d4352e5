package dev.eventcore.benchmarks.jmh;

import dev.eventcore.benchmarks.harness.Sample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the JMH benchmarks of a class in one forked JVM and returns their iteration scores. */
public final class JmhRunner {
  private JmhRunner() {}

  /**
   * What JMH measured for one benchmark method.
   *
   * @param iterations one sample per measurement iteration (score as events/s)
   * @param bytesPerOperation JMH's {@code gc.alloc.rate.norm}, NaN if absent
   */
  public record Measured(List<Sample> iterations, double bytesPerOperation) {}

  /**
   * Runs every benchmark of {@code type} with {@code iterations} warm-up and measurement iterations
   * of one second each, one fork (a 3 GB heap, pre-touched), with the GC profiler.
   *
   * @return by method name
   */
  public static Map<String, Measured> run(Class<?> type, int iterations) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(type.getName().replace(".", "\\.") + "\\.")
        .forks(1)
        .warmupIterations(iterations)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(1))
        // a fixed heap, touched at start: the store fills fresh memory every iteration, and the
        // kernel's first-touch page faults (a one-off cost for a long-running service) would
        // otherwise weigh a third of the append figure
        .jvmArgsAppend("-Xmx3g", "-Xms3g", "-XX:+AlwaysPreTouch")
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Measured> measured = new LinkedHashMap<>();
    for (RunResult result : results) {
      String method = result.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      List<Sample> samples = new ArrayList<>();
      for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
        for (IterationResult iteration : benchmark.getIterationResults()) {
          samples.add(Sample.ofRate(iteration.getPrimaryResult().getScore()));
        }
      }
      Result<?> alloc = result.getSecondaryResults().get("·gc.alloc.rate.norm");
      if (alloc == null) {
        alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
      }
      measured.put(method, new Measured(samples, alloc == null ? Double.NaN : alloc.getScore()));
    }
    return measured;
  }
}
