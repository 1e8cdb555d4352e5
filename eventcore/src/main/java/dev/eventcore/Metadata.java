package dev.eventcore;

import dev.eventcore.internal.text.Text;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * String key/value pairs stored with an event: correlation and causation ids, the user who acted,
 * a tenant. Immutable.
 *
 * <pre>{@code
 * Metadata meta = Metadata.empty().withCorrelationId("req-7").with("user", "alice");
 * }</pre>
 *
 * <p>Keys are 1..{@value #MAX_KEY_LENGTH} chars; neither keys nor values may hold NUL or unpaired
 * surrogates (PostgreSQL cannot store them).
 *
 * <p>Entries are kept in ascending key order (by {@link String#compareTo}), on every adapter: a
 * store that keeps metadata as PostgreSQL {@code jsonb} cannot keep the order they were added in,
 * so no store promises it, and metadata reads back with its entries in the same order everywhere.
 *
 * @param entries the pairs (copied, in ascending key order)
 *
 * @since 0.1.0
 */
public record Metadata(Map<String, String> entries) {

  /** The key of the correlation id: the id shared by every event of one business flow. */
  public static final String CORRELATION_ID = "correlationId";

  /** The key of the causation id: the id of the message or event that caused this one. */
  public static final String CAUSATION_ID = "causationId";

  /** The maximum length of a key. */
  public static final int MAX_KEY_LENGTH = 255;

  private static final Metadata EMPTY = new Metadata(Map.of());

  /**
   * Validates and copies the entries.
   *
   * @throws IllegalArgumentException if a key is empty or too long, or a key or value has NUL or
   *     an unpaired surrogate
   */
  public Metadata {
    Objects.requireNonNull(entries, "entries");
    if (!(entries instanceof Checked)) { // a Checked map is built here, from checked entries
      Map<String, String> copy = new TreeMap<>();
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        String key = Objects.requireNonNull(entry.getKey(), "metadata key");
        String value = Objects.requireNonNull(entry.getValue(), "metadata value for key " + key);
        check(key, value);
        copy.put(key, value);
      }
      entries = new Checked(copy);
    }
  }

  private static void check(String key, String value) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "metadata key must be 1.." + MAX_KEY_LENGTH + " chars but was " + Text.quote(key));
    }
    Text.requireStorable(key, "metadata key");
    Text.requireStorable(value, "metadata value for key '" + key + "'");
  }

  /**
   * The entries of a metadata: checked, sorted by key, unmodifiable. Only this class makes them,
   * so a copy with one more entry checks that entry alone ({@link #with(String, String)} runs on
   * every event a command or saga step writes).
   */
  private static final class Checked extends AbstractMap<String, String> {
    private final Map<String, String> sorted; // a TreeMap
    private final Set<Map.Entry<String, String>> entries;

    Checked(Map<String, String> sorted) {
      this.sorted = sorted;
      this.entries = Collections.unmodifiableMap(sorted).entrySet();
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
      return entries;
    }

    @Override
    public @Nullable String get(Object key) {
      return key instanceof String ? sorted.get(key) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String && sorted.containsKey(key);
    }

    @Override
    public int size() {
      return sorted.size();
    }

    /** A copy with {@code key} set to {@code value}, both checked already. */
    Checked with(String key, String value) {
      Map<String, String> copy = new TreeMap<>(sorted);
      copy.put(key, value);
      return new Checked(copy);
    }

    /** A copy with every entry of {@code other} added, {@code other} winning on equal keys. */
    Checked with(Checked other) {
      Map<String, String> copy = new TreeMap<>(sorted);
      copy.putAll(other.sorted);
      return new Checked(copy);
    }
  }

  /** No entries. */
  public static Metadata empty() {
    return EMPTY;
  }

  /** Metadata with the given entries (copied). */
  public static Metadata of(Map<String, String> entries) {
    return entries.isEmpty() ? EMPTY : new Metadata(entries);
  }

  /** A copy with {@code key} set to {@code value}, replacing any previous value. */
  public Metadata with(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    check(key, value);
    return new Metadata(((Checked) entries).with(key, value));
  }

  /** A copy with every entry of {@code other} added, {@code other} winning on equal keys. */
  public Metadata with(Metadata other) {
    Objects.requireNonNull(other, "other");
    if (other.entries.isEmpty()) {
      return this;
    }
    if (entries.isEmpty()) {
      return other;
    }
    return new Metadata(((Checked) entries).with((Checked) other.entries));
  }

  /** A copy with the correlation id set. */
  public Metadata withCorrelationId(String correlationId) {
    return with(CORRELATION_ID, correlationId);
  }

  /** A copy with the causation id set. */
  public Metadata withCausationId(String causationId) {
    return with(CAUSATION_ID, causationId);
  }

  /** The value of {@code key}, if present. */
  public Optional<String> get(String key) {
    Objects.requireNonNull(key, "key");
    return Optional.ofNullable(entries.get(key));
  }

  /** The correlation id, if present. */
  public Optional<String> correlationId() {
    return get(CORRELATION_ID);
  }

  /** The causation id, if present. */
  public Optional<String> causationId() {
    return get(CAUSATION_ID);
  }

  /**
   * These entries as a JSON object, in key order, with RFC 8259 escapes (the short ones where there
   * is one): how stores that keep JSON write metadata, e.g. {@code {"correlationId":"req-7"}}.
   */
  public String toJson() {
    if (entries.isEmpty()) {
      return "{}";
    }
    StringBuilder json = new StringBuilder(64).append('{');
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      quote(json, entry.getKey()).append(':');
      quote(json, entry.getValue());
    }
    return json.append('}').toString();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\b') {
        out.append("\\b");
      } else if (c == '\f') {
        out.append("\\f");
      } else if (c < 0x20) {
        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }

  /** Whether there are no entries. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
