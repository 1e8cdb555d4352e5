package dev.eventcore.internal;

/**
 * A value that cannot be stored, carrying the JSON path to it ({@code $.lines[2].sku}) as the
 * failure unwinds: the path is assembled only on failure, never on the happy path. Not API.
 */
final class JsonPathProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_SEGMENTS = 16;

  private final String detail;
  private final StringBuilder path = new StringBuilder();
  private int segments;

  JsonPathProblem(String detail) {
    super(detail, null, false, false);
    this.detail = detail;
  }

  /** Prepends a segment ({@code ".name"} or {@code "[3]"}); past 16 segments only the inner ones. */
  JsonPathProblem at(String segment) {
    if (segments < MAX_SEGMENTS) {
      path.insert(0, segment);
    } else if (segments == MAX_SEGMENTS) {
      path.insert(0, "...");
    }
    segments++;
    return this;
  }

  /** "has NaN at $.lines[2].price". */
  String describe() {
    return detail + " at $" + path;
  }

  /** The problem as the exception callers see, its message prefixed with what the value is. */
  IllegalArgumentException toException() {
    return new IllegalArgumentException(describe());
  }
}
