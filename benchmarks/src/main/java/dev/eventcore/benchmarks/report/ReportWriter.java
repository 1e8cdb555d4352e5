package dev.eventcore.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a report's files into its results directory. */
public final class ReportWriter {
  /** The JSON file. */
  public static final String JSON = "results.json";
  /** The Markdown report. */
  public static final String MARKDOWN = "report.md";
  /** The console table, as printed. */
  public static final String TABLE = "table.txt";

  private ReportWriter() {}

  /** Writes the table, JSON, Markdown and charts into {@code directory} (created if needed). */
  public static void write(Report report, Path directory) throws IOException {
    Files.createDirectories(directory);
    Map<String, String> charts = Charts.render(report);
    for (Map.Entry<String, String> chart : charts.entrySet()) {
      Files.writeString(directory.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
    }
    Files.writeString(directory.resolve(TABLE), ConsoleTable.render(report), StandardCharsets.UTF_8);
    Files.writeString(directory.resolve(JSON), JsonReport.render(report), StandardCharsets.UTF_8);
    Files.writeString(directory.resolve(MARKDOWN), MarkdownReport.render(report, charts.keySet()),
        StandardCharsets.UTF_8);
  }
}
