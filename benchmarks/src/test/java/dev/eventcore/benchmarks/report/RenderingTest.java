package dev.eventcore.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RenderingTest {
  private final Report report = ReportFixtures.report();

  @Test
  void theMarkdownReportStartsWithTheEnvironment() {
    String md = MarkdownReport.render(report, List.of(Charts.THREADS));
    int environment = md.indexOf("## Environment");
    assertTrue(environment > 0 && environment < md.indexOf("## W1"));
    assertTrue(md.contains("| fsync / synchronous_commit | on / on |"));
    assertTrue(md.contains("| commit cost (durable commit, median) | 1.20 ms |"));
    assertTrue(md.contains("| PostgreSQL | 15.20 |"));
    assertTrue(md.contains("![throughput-threads.svg](throughput-threads.svg)"));
  }

  @Test
  void theMarkdownReportShowsRatiosVerdictsNoiseAndSkippedCases() {
    String md = MarkdownReport.render(report, List.of());
    assertTrue(md.contains("| W1 threads=1 | raw single insert | 1,000 |"));
    assertTrue(md.contains("| 1.00× |"));
    assertTrue(md.contains("W1 threads=1: **pass** ≥ 0.95 × raw single insert"));
    assertTrue(md.contains("W1 threads=16: **MISS** ≥ 0.95 × raw single insert (measured 0.75"));
    assertTrue(md.contains("W1 threads=16: noisy"));
    assertTrue(md.contains("| W2 | not run: PostgreSQL adapter not available in this build |"));
    assertTrue(md.contains("## Targets"));
  }

  @Test
  void theJsonHoldsEnvironmentCasesRoundsAndNullForUnknowns() {
    JsonNode root = JsonMapper.builder().build().readTree(JsonReport.render(report));
    assertEquals("15.20", root.get("environment").get("postgres").get("version").asString());
    assertEquals(1200.0, root.get("environment").get("commitCostMicros").asDouble());
    JsonNode first = root.get("cases").get(0);
    assertEquals("W1 threads=1", first.get("name").asString());
    assertEquals(1.0, first.get("baselines").get(0).get("ratio").asDouble());
    assertEquals(3, first.get("subject").get("rounds").size());
    assertEquals("pass", first.get("checks").get(0).get("verdict").asString());
    assertTrue(root.get("cases").get(1).get("noisy").asBoolean());
    JsonNode skipped = root.get("cases").get(2);
    assertEquals("PostgreSQL adapter not available in this build", skipped.get("skipped").asString());
    assertFalse(skipped.has("subject"));
  }

  @Test
  void theConsoleTableHasOneAlignedRowPerCase() {
    String[] lines = ConsoleTable.render(report).split("\n");
    assertEquals(2 + 3, lines.length);
    assertTrue(lines[0].startsWith("case"));
    assertTrue(lines[3].endsWith("noisy"));
    assertTrue(lines[4].contains("not run: PostgreSQL adapter not available"));
    assertEquals(lines[0].indexOf("spread") + "spread".length(),
        lines[2].indexOf("%") + 1, "right-aligned under its header");
  }

  @Test
  void chartsPlotThroughputAgainstThreadsOnlyWhenThereIsData() {
    Map<String, String> charts = Charts.render(report);
    assertEquals(List.of(Charts.THREADS), List.copyOf(charts.keySet()));
    String svg = charts.get(Charts.THREADS);
    assertTrue(svg.startsWith("<svg"));
    assertTrue(svg.contains("W1 eventcore"));
    assertTrue(svg.contains("raw single insert"));
    assertEquals(2, svg.split("<polyline").length - 1);
  }

  @Test
  void chartScalesRoundUpToOneTwoOrFiveAndTextIsEscaped() {
    assertEquals(5_000.0, SvgChart.niceCeiling(4_100));
    assertEquals(2.0, SvgChart.niceCeiling(1.5));
    assertEquals(1.0, SvgChart.niceCeiling(0));
    assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", SvgChart.escape("a <b> & \"c\""));
  }
}
