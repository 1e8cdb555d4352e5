package dev.eventcore.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A line chart as hand-written SVG: one line per series, x on a linear or log scale, y from 0.
 * Pure; no dependency.
 */
public final class SvgChart {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  private static final int LEFT = 80;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};

  private SvgChart() {}

  /**
   * A point.
   *
   * @param x the x value (> 0 on a log scale)
   * @param y the y value
   */
  public record Point(double x, double y) {}

  /**
   * A series.
   *
   * @param label its legend
   * @param points its points, in x order
   */
  public record Line(String label, List<Point> points) {
    /** Validates and copies the arguments. */
    public Line {
      Objects.requireNonNull(label, "label");
      points = List.copyOf(points);
    }
  }

  /** Renders the chart; an empty chart (no points) still renders its axes. */
  public static String render(String title, String xLabel, String yLabel, List<Line> lines, boolean logX) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = 0;
    for (Line line : lines) {
      for (Point p : line.points()) {
        minX = Math.min(minX, p.x());
        maxX = Math.max(maxX, p.x());
        maxY = Math.max(maxY, p.y());
      }
    }
    if (minX > maxX) {
      minX = 1;
      maxX = 10;
    }
    if (minX == maxX) {
      maxX = minX + 1;
    }
    double top = niceCeiling(maxY);
    Scale scale = new Scale(minX, maxX, top, logX);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    svg.append(text(WIDTH / 2.0 - RIGHT / 2.0, 22, title, "middle", 14));
    int plotRight = WIDTH - RIGHT;
    int plotBottom = HEIGHT - BOTTOM;
    svg.append(String.format(Locale.ROOT,
        "<path d=\"M%d %d V%d H%d\" stroke=\"black\" fill=\"none\"/>%n", LEFT, TOP, plotBottom, plotRight));
    for (int i = 0; i <= 4; i++) {
      double value = top * i / 4;
      double y = scale.y(value);
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, plotRight, y));
      svg.append(text(LEFT - 6, y + 4, Format.rate(value), "end", 11));
    }
    SortedSet<Double> ticks = new TreeSet<>();
    lines.forEach(line -> line.points().forEach(p -> ticks.add(p.x())));
    for (double x : ticks) {
      svg.append(text(scale.x(x), plotBottom + 16, trim(x), "middle", 11));
    }
    svg.append(text((LEFT + plotRight) / 2.0, HEIGHT - 12, xLabel, "middle", 12));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">%s</text>%n",
        (TOP + plotBottom) / 2, (TOP + plotBottom) / 2, escape(yLabel)));
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      String color = COLORS[i % COLORS.length];
      StringBuilder points = new StringBuilder();
      for (Point p : line.points()) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(p.x()), scale.y(p.y())));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
            scale.x(p.x()), scale.y(p.y()), color));
      }
      svg.append(String.format(Locale.ROOT,
          "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          points.toString().trim(), color));
      int legendY = TOP + 10 + i * 18;
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          plotRight + 12, legendY, plotRight + 30, legendY, color));
      svg.append(text(plotRight + 36, legendY + 4, line.label(), "start", 11));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** The smallest 1, 2 or 5 × 10^n at or above {@code value}; 1 for 0. */
  static double niceCeiling(double value) {
    if (value <= 0 || Double.isNaN(value)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String text(double x, double y, String content, String anchor, int size) {
    return String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x, y, anchor, size, escape(content));
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Maps values to pixels. */
  private record Scale(double minX, double maxX, double maxY, boolean logX) {
    double x(double value) {
      double from = logX ? Math.log10(minX) : minX;
      double to = logX ? Math.log10(maxX) : maxX;
      double v = logX ? Math.log10(value) : value;
      double inner = WIDTH - RIGHT - LEFT - 40;
      return LEFT + 20 + (v - from) / (to - from) * inner;
    }

    double y(double value) {
      return HEIGHT - BOTTOM - value / maxY * (HEIGHT - BOTTOM - TOP);
    }
  }
}
