package dev.eventcore.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a command prints: aligned columns for people, or JSON for scripts ({@code --json}). Times
 * are ISO-8601 UTC to the millisecond; JSON gives durations in milliseconds.
 */
final class Output {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final PrintWriter out;
  private final boolean json;

  Output(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** Whether JSON was asked for. */
  boolean json() {
    return json;
  }

  /** Prints {@code node} as indented JSON. */
  void print(JsonNode node) {
    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    out.flush();
  }

  /** Prints {@code node} as one line of JSON (one event of a stream of them). */
  void printLine(JsonNode node) {
    out.println(JSON.writeValueAsString(node));
    out.flush();
  }

  /** Prints a line of text. */
  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** Prints rows under their headers, each column as wide as its widest cell. */
  void table(List<String> headers, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    int[] widths = new int[headers.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        text.append(cell);
        if (i < row.size() - 1) {
          text.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(text.toString().stripTrailing());
    }
    out.flush();
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static ArrayNode array() {
    return JSON.createArrayNode();
  }

  /** The stored JSON text as a tree; text that is not JSON (an in-memory envelope) as a string. */
  static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (RuntimeException e) {
      return JSON.getNodeFactory().stringNode(text);
    }
  }

  /** The stored JSON text indented, or as it is if it is not JSON. */
  static String pretty(String text) {
    JsonNode node = tree(text);
    return node.isString() ? text : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static String time(Optional<Instant> instant) {
    return instant.map(Output::time).orElse("-");
  }

  /** "850 ms", "12.3 s", "4 min 5 s", "2 h 3 min". */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 3_600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3_600 + " h " + seconds % 3_600 / 60 + " min";
  }

  /** {@code text} cut to {@code max} characters, on one line. */
  static String cut(String text, int max) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= max ? line : line.substring(0, max - 3) + "...";
  }
}
