package dev.eventcore;

import dev.eventcore.internal.text.Text;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Which streams {@link EventStore#streams} lists: those whose id starts with a prefix, those of a
 * category, or both; after a cursor; at most a limit. Streams are listed in {@link #ID_ORDER}, so
 * a listing is paged by passing the last id of one page to {@link #startingAfter} for the next.
 *
 * <pre>{@code
 * List<StreamInfo> first = store.streams(StreamQuery.inCategory("order").withLimit(500));
 * List<StreamInfo> next = store.streams(StreamQuery.inCategory("order").withLimit(500)
 *     .startingAfter(first.get(first.size() - 1).stream()));
 * store.streams(StreamQuery.startingWith("order-42"));   // order-42, order-420, order-42-b...
 * }</pre>
 *
 * @param prefix the text every listed id starts with; empty: any
 * @param category the {@linkplain StreamId#category() category} of every listed stream; empty: any
 * @param after only ids after this one in {@link #ID_ORDER} (the last id of the previous page);
 *     empty: from the first
 * @param limit the most streams listed, 1..{@value #MAX_LIMIT}
 *
 * @since 0.1.0
 */
public record StreamQuery(
    String prefix, Optional<String> category, Optional<StreamId> after, int limit) {

  /** The limit of a query that sets none. */
  public static final int DEFAULT_LIMIT = 100;

  /** The largest limit: a listing is paged rather than read whole. */
  public static final int MAX_LIMIT = 10_000;

  /**
   * The order streams are listed in: by the Unicode code points of their ids (the byte order of
   * their UTF-8 form, PostgreSQL's {@code "C"} collation), whatever the database's collation.
   * Differs from {@link StreamId#compareTo} (UTF-16 code units) only between a character beyond
   * U+FFFF and one from U+E000 to U+FFFF.
   */
  public static final Comparator<StreamId> ID_ORDER =
      (a, b) -> compareCodePoints(a.value(), b.value());

  private static final StreamQuery ALL =
      new StreamQuery("", Optional.empty(), Optional.empty(), DEFAULT_LIMIT);

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if {@code prefix} is longer than a stream id or has control
   *     characters or unpaired surrogates; {@code category} is empty, has a {@code '-'} or control
   *     characters; or {@code limit} is outside 1..{@value #MAX_LIMIT}
   */
  public StreamQuery {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(after, "after");
    if (prefix.length() > StreamId.MAX_LENGTH) {
      throw new IllegalArgumentException("prefix is " + prefix.length()
          + " chars long; a stream id has at most " + StreamId.MAX_LENGTH);
    }
    Text.requireNoControlChars(prefix, "prefix");
    category.ifPresent(StreamQuery::checkCategory);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be 1.." + MAX_LIMIT + " but was " + limit + "; page with startingAfter");
    }
  }

  /** Every stream, the first {@value #DEFAULT_LIMIT}. */
  public static StreamQuery all() {
    return ALL;
  }

  /** The streams whose id starts with {@code prefix}, the first {@value #DEFAULT_LIMIT}. */
  public static StreamQuery startingWith(String prefix) {
    return ALL.withPrefix(prefix);
  }

  /**
   * The streams of {@code category} (the id is the category, or starts with it and {@code '-'}),
   * the first {@value #DEFAULT_LIMIT}.
   */
  public static StreamQuery inCategory(String category) {
    return ALL.withCategory(category);
  }

  /** This query, with ids starting with {@code prefix}. */
  public StreamQuery withPrefix(String prefix) {
    return new StreamQuery(Objects.requireNonNull(prefix, "prefix"), category, after, limit);
  }

  /** This query, with streams of {@code category} only. */
  public StreamQuery withCategory(String category) {
    return new StreamQuery(
        prefix, Optional.of(Objects.requireNonNull(category, "category")), after, limit);
  }

  /** This query, listing only ids after {@code stream}: the next page after it. */
  public StreamQuery startingAfter(StreamId stream) {
    return new StreamQuery(
        prefix, category, Optional.of(Objects.requireNonNull(stream, "stream")), limit);
  }

  /** This query, listing at most {@code limit} streams (1..{@value #MAX_LIMIT}). */
  public StreamQuery withLimit(int limit) {
    return new StreamQuery(prefix, category, after, limit);
  }

  /** Whether {@code stream} is listed by this query, the limit aside. */
  public boolean matches(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    String id = stream.value();
    return id.startsWith(prefix)
        && category.map(c -> id.equals(c) || id.startsWith(c + "-")).orElse(true)
        && after.map(a -> ID_ORDER.compare(stream, a) > 0).orElse(true);
  }

  private static void checkCategory(String category) {
    if (category.isEmpty() || category.indexOf('-') >= 0) {
      throw new IllegalArgumentException(
          "category must be a non-empty stream category without '-' but was "
              + Text.quote(category));
    }
    Text.requireNoControlChars(category, "category");
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
