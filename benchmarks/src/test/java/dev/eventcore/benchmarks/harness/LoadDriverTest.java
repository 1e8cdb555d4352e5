package dev.eventcore.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The driver's bookkeeping; no assertion here depends on how fast anything runs. */
class LoadDriverTest {

  @Test
  void oncePlansMeasureExactlyOneOperationAndCloseTheirWorker() {
    AtomicInteger closed = new AtomicInteger();
    Sample sample = LoadDriver.run(LoadPlan.once(), context -> new Worker() {
      @Override
      public long step(long seq) {
        return 1_000;
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    }, () -> 7);
    assertEquals(1, sample.operations());
    assertEquals(1_000, sample.events());
    assertEquals(1, sample.latency().getTotalCount());
    assertEquals(0, sample.roundTrips());
    assertEquals(1, closed.get());
  }

  @Test
  void countersAndWholeRunTotalsAreKept() {
    Sample sample = LoadDriver.run(LoadPlan.once(), context -> seq -> {
      context.counters().increment("conflicts");
      return 3;
    }, () -> -1);
    assertEquals(1, sample.counter("conflicts"));
    assertEquals(1, sample.totalOperations());
    assertEquals(3, sample.totalEvents());
    assertEquals(-1, sample.roundTrips());
    assertTrue(Double.isNaN(sample.roundTripsPerOperation()));
  }

  @Test
  void aFailingOperationFailsTheRunWithItsCause() {
    BenchmarkException failure = assertThrows(BenchmarkException.class,
        () -> LoadDriver.run(LoadPlan.once(), context -> seq -> {
          throw new IllegalStateException("boom");
        }, () -> -1));
    assertTrue(failure.getCause() instanceof IllegalStateException);
  }

  @Test
  void aWorkerThatCannotOpenFailsTheRun() {
    assertThrows(BenchmarkException.class, () -> LoadDriver.run(LoadPlan.once(), context -> {
      throw new java.sql.SQLException("no connection");
    }, () -> -1));
  }
}
