package dev.eventcore.health;

import java.util.Iterator;
import java.util.Map;

/** Renders a {@link Health} tree as aligned text or as JSON, without a library. */
final class HealthRendering {
  private static final int STATUS_WIDTH = "DEGRADED".length();

  private HealthRendering() {}

  static String text(Health root) {
    int width = nameWidth(root, 0);
    StringBuilder out = new StringBuilder();
    line(out, root, 0, width, true);
    return out.toString();
  }

  private static int nameWidth(Health health, int depth) {
    int width = 2 * depth + health.component().length();
    for (Health part : health.components()) {
      width = Math.max(width, nameWidth(part, depth + 1));
    }
    return width;
  }

  private static void line(StringBuilder out, Health health, int depth, int width, boolean root) {
    StringBuilder line = new StringBuilder();
    line.append("  ".repeat(depth)).append(health.component());
    pad(line, width + 2);
    line.append(health.status());
    pad(line, width + 2 + STATUS_WIDTH + 2);
    if (root) {
      line.append("checkedAt=").append(health.checkedAt()).append(' ');
    }
    for (Map.Entry<String, Object> detail : health.details().entrySet()) {
      line.append(detail.getKey()).append('=').append(textValue(detail.getValue())).append(' ');
    }
    out.append(line.toString().stripTrailing()).append('\n');
    for (Health part : health.components()) {
      line(out, part, depth + 1, width, false);
    }
  }

  private static void pad(StringBuilder line, int column) {
    while (line.length() < column) {
      line.append(' ');
    }
  }

  private static String textValue(Object value) {
    if (!(value instanceof String text)) {
      return value.toString();
    }
    boolean plain = !text.isEmpty();
    for (int i = 0; i < text.length() && plain; i++) {
      char c = text.charAt(i);
      plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c != 0x7F;
    }
    return plain ? text : jsonString(text);
  }

  static String json(Health health) {
    StringBuilder out = new StringBuilder();
    json(out, health);
    return out.toString();
  }

  private static void json(StringBuilder out, Health health) {
    out.append("{\"component\":").append(jsonString(health.component()))
        .append(",\"status\":\"").append(health.status())
        .append("\",\"checkedAt\":\"").append(health.checkedAt())
        .append("\",\"details\":{");
    Iterator<Map.Entry<String, Object>> details = health.details().entrySet().iterator();
    while (details.hasNext()) {
      Map.Entry<String, Object> detail = details.next();
      out.append(jsonString(detail.getKey())).append(':');
      Object value = detail.getValue();
      out.append(value instanceof String text ? jsonString(text) : value.toString());
      out.append(details.hasNext() ? "," : "");
    }
    out.append("},\"components\":[");
    Iterator<Health> parts = health.components().iterator();
    while (parts.hasNext()) {
      json(out, parts.next());
      out.append(parts.hasNext() ? "," : "");
    }
    out.append("]}");
  }

  /** {@code text} as a JSON string literal (also how text shows a value with spaces). */
  static String jsonString(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
