package dev.eventcore.spi;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.internal.JsonEquality;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The idempotent-retry rule, one for every adapter so that a retried append gets the same answer
 * from every store: an append whose event ids are all stored, at the stream versions the append
 * would give them, with the same content, and whose expected versions the versions before them
 * satisfy, is a retry and gets the original result; any other reuse of an id is a {@link
 * DuplicateEventIdException}. The adapter finds where the ids are stored; this class decides.
 *
 * @since 0.1.0
 */
public final class IdempotentRetry {
  private IdempotentRetry() {}

  /**
   * Where an event id of an append is already stored.
   *
   * @param stream the stream holding it
   * @param version its version there
   * @param position its global position
   * @param sameContent whether its type, payload and metadata equal the append's event
   */
  public record Stored(String stream, long version, long position, boolean sameContent) {
    /** "stream@version (position p)". */
    String where() {
      return stream + "@" + version + " (position " + position + ")";
    }
  }

  /**
   * Whether a stored payload and a retried one are the same content, for an adapter that keeps
   * payloads as objects: the same rule as comparing their JSON in a store that keeps JSON ({@code
   * jsonb} equality: keys in any order, numbers by value, so {@code 1.0} and {@code 1.00} are the
   * same), rather than {@code equals()}, which may be identity or scale-sensitive.
   */
  public static boolean samePayload(Object stored, Object retried) {
    return JsonEquality.same(stored, retried);
  }

  /** The version a check-only stream of the append had just before the original append. */
  @FunctionalInterface
  public interface CheckedVersion {
    /**
     * The version of part {@code part} (a stream the append only checks) just before {@code
     * firstPosition}, the original append's first event.
     */
    Version before(int part, long firstPosition);
  }

  /**
   * The original result of {@code append}.
   *
   * @param stored per event of the append, in part order: where its id is stored, or null where it
   *     is not; at least one is stored
   * @param checked the versions the append's check-only streams had
   * @throws DuplicateEventIdException if the append is not a retry
   */
  public static AppendResult result(
      PreparedAppend append, @Nullable Stored[] stored, CheckedVersion checked) {
    Objects.requireNonNull(checked, "checked");
    if (stored.length != append.eventCount()) {
      throw new IllegalArgumentException(
          "stored must have one entry per event (" + append.eventCount() + ") but had "
              + stored.length);
    }
    for (Stored found : stored) {
      if (found == null) {
        throw mixed(append, stored);
      }
    }
    Map<StreamId, Version> versions = new LinkedHashMap<>();
    long first = Long.MAX_VALUE;
    EventId firstId = null;
    long last = 0;
    int offset = 0;
    List<PreparedStream> parts = append.streams();
    for (PreparedStream part : parts) {
      List<PreparedEvent> events = part.events();
      if (events.isEmpty()) {
        versions.put(part.stream(), Version.NONE); // a pure check: filled in below, in order
        continue;
      }
      Stored head = stored[offset];
      long base = head.version() - 1;
      for (int i = 0; i < events.size(); i++) {
        Stored event = stored[offset + i];
        EventId id = events.get(i).id();
        if (!event.stream().equals(part.stream().value()) || event.version() != base + 1 + i) {
          throw new DuplicateEventIdException(id, "it is stored at " + event.where() + ", not at "
              + part.stream() + "@" + (base + 1 + i) + " where this append would put it");
        }
        if (!event.sameContent()) {
          throw new DuplicateEventIdException(id, "it is stored at " + event.where()
              + " with a different type, payload or metadata, so this is not a retry of that append");
        }
        if (event.position() < first) {
          first = event.position();
          firstId = id;
        }
        last = Math.max(last, event.position());
      }
      if (!part.expected().isSatisfiedBy(Version.of(base))) {
        throw new DuplicateEventIdException(events.get(0).id(), "it is stored at " + head.where()
            + ", which does not satisfy the expected version " + part.expected()
            + " of this append, so it is not a retry");
      }
      versions.put(part.stream(), Version.of(base + events.size()));
      offset += events.size();
    }
    for (int p = 0; p < parts.size(); p++) {
      PreparedStream part = parts.get(p);
      if (part.events().isEmpty()) {
        Version seen = checked.before(p, first);
        if (!part.expected().isSatisfiedBy(seen)) {
          throw new DuplicateEventIdException(Objects.requireNonNull(firstId, "a retry has events"),
              "its append checked " + part.stream() + " at version " + seen
                  + ", which does not satisfy the expected version " + part.expected()
                  + " of this append, so it is not a retry");
        }
        versions.put(part.stream(), seen);
      }
    }
    return new AppendResult(versions, GlobalPosition.of(first), GlobalPosition.of(last));
  }

  /** The failure for an append that mixes stored and new ids: not a retry. */
  private static DuplicateEventIdException mixed(PreparedAppend append, @Nullable Stored[] stored) {
    int index = 0;
    for (PreparedStream part : append.streams()) {
      for (PreparedEvent event : part.events()) {
        Stored found = stored[index++];
        if (found != null) {
          return new DuplicateEventIdException(event.id(), "it is stored at " + found.where()
              + ", and this append mixes stored and new ids, so it is not a retry");
        }
      }
    }
    throw new IllegalArgumentException("stored names no stored event");
  }
}
