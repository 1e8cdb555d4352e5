package dev.eventcore.examples.demo;

import dev.eventcore.micrometer.MicrometerObserver;
import dev.eventcore.projection.ProjectionRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's own metrics: eventcore's meters ({@code eventcore-micrometer}) in a simple registry,
 * printed as a few lines at the end of the run, the way a dashboard would show them.
 */
final class DemoMetrics {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerObserver observer = MicrometerObserver.of(registry);

  MicrometerObserver observer() {
    return observer;
  }

  void bind(ProjectionRunner runner) {
    observer.bind(runner);
  }

  void print(PrintStream out) {
    out.println();
    out.println("Metrics (eventcore-micrometer, meters named as in the README)");
    timer(out, "eventcore.append", "outcome", "ok");
    timer(out, "eventcore.append", "outcome", "conflict");
    out.printf("  %-44s %,12.0f%n", "eventcore.append.events", count("eventcore.append.events"));
    timer(out, "eventcore.read", "kind", "stream");
    timer(out, "eventcore.read", "kind", "log");
    out.printf("  %-44s %,12.0f%n", "eventcore.saga.steps", count("eventcore.saga.steps"));
    out.printf("  %-44s %,12.0f%n", "eventcore.saga.dispatches",
        count("eventcore.saga.dispatches"));
    out.printf("  %-44s %,12.0f%n", "eventcore.saga.compensations",
        count("eventcore.saga.compensations"));
    List<Timer> commits = registry.find("eventcore.projection.commits").timers().stream()
        .sorted(Comparator.comparing(timer -> timer.getId().getTag("projection"))).toList();
    for (Timer commit : commits) {
      print(out, "eventcore.projection.commits{" + commit.getId().getTag("projection") + "}",
          commit);
    }
  }

  private void timer(PrintStream out, String name, String tag, String value) {
    Timer timer = registry.find(name).tag(tag, value).timer();
    if (timer != null) {
      print(out, name + "{" + value + "}", timer);
    }
  }

  private static void print(PrintStream out, String label, Timer timer) {
    out.printf("  %-44s %,12d  mean %7.3f ms  max %8.3f ms%n", label, timer.count(),
        timer.mean(TimeUnit.MILLISECONDS), timer.max(TimeUnit.MILLISECONDS));
  }

  private double count(String name) {
    double total = 0;
    for (Meter meter : registry.find(name).meters()) {
      if (meter instanceof Counter counter) {
        total += counter.count();
      }
    }
    return total;
  }
}
