package dev.eventcore.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaseResultTest {

  static CaseResult result(List<Long> ours, List<Long> raw) {
    Series subject = new Series("eventcore", ours.stream().map(Samples::perSecond).toList());
    Series baseline = new Series("raw", raw.stream().map(Samples::perSecond).toList());
    return new CaseResult("W1", "W1 threads=1", Map.of("threads", "1"), Optional.of(subject),
        List.of(baseline), List.of(), List.of(), Optional.empty());
  }

  @Test
  void theRatioIsTheMedianOfRoundByRoundRatios() {
    // rounds: 0.9, 1.0, 0.5 -> median 0.9; the ratio of medians would be 100/100 = 1.0
    CaseResult result = result(List.of(90L, 100L, 100L), List.of(100L, 100L, 200L));
    assertEquals(0.9, result.ratioTo("raw"), 1e-12);
    assertTrue(Double.isNaN(result.ratioTo("absent")));
  }

  @Test
  void aCaseIsNoisyWhenItsSubjectOrABaselineSpreadsMoreThanTenPercent() {
    assertFalse(result(List.of(100L, 101L, 99L), List.of(100L, 100L, 100L)).noisy());
    assertTrue(result(List.of(100L, 120L, 99L), List.of(100L, 100L, 100L)).noisy());
    assertTrue(result(List.of(100L, 100L, 100L), List.of(80L, 100L, 100L)).noisy());
  }

  @Test
  void seriesAggregateRatesLatencyAndCounters() {
    Series series = result(List.of(100L, 300L, 200L), List.of(1L)).subject().orElseThrow();
    assertEquals(200.0, series.medianRate());
    assertEquals(1.0, series.spread(), 1e-12);
    assertEquals(300, series.latency().count());
    assertEquals(1000.0, series.latency().p99(), 1.0);
    assertEquals(1.0, series.roundTripsPerOperation());
    assertEquals(100.0, series.allocatedBytesPerEvent());
    assertEquals(6, series.counter("conflicts"));
  }

  @Test
  void aSkippedCaseHasNoSeriesAndSaysWhy() {
    CaseResult skipped = CaseResult.skipped("W2", "W2", Map.of(), "PostgreSQL adapter not available");
    assertEquals(Optional.of("PostgreSQL adapter not available"), skipped.skipped());
    assertTrue(Double.isNaN(skipped.ratioTo("raw")));
    assertFalse(skipped.noisy());
  }

  @Test
  void samplesWithoutCountersReportNan() {
    Sample sample = Sample.ofRate(2_000_000);
    assertEquals(2_000_000.0, sample.eventsPerSecond());
    assertTrue(Double.isNaN(sample.roundTripsPerOperation()));
    assertTrue(Double.isNaN(sample.allocatedBytesPerEvent()));
  }
}
