package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The idempotent-retry rule, identical to the in-memory store's: an append whose event ids are all
 * stored at the same stream positions with the same content, and whose expected versions are
 * satisfied by the versions before them, is a retry and gets the original result; any other reuse
 * of an id is a {@link DuplicateEventIdException}.
 */
final class IdempotentRetry {
  private IdempotentRetry() {}

  /**
   * The original result of {@code append}.
   *
   * @param current per part: a stream with events its current version, a check-only stream its
   *     version just before the first stored event
   * @param stored the stored events, by index among the append's events
   * @throws DuplicateEventIdException if the append is not a retry
   */
  static AppendResult result(PreparedAppend append, Long[] current, Map<Integer, StoredEvent> stored) {
    if (stored.size() < append.eventCount()) {
      throw mixed(append, stored);
    }
    Map<StreamId, Version> versions = new LinkedHashMap<>();
    long first = Long.MAX_VALUE;
    EventId firstId = null;
    long last = 0;
    int offset = 0;
    List<PreparedStream> parts = append.streams();
    for (int p = 0; p < parts.size(); p++) {
      PreparedStream part = parts.get(p);
      List<PreparedEvent> events = part.events();
      if (events.isEmpty()) {
        versions.put(part.stream(), Version.NONE); // a pure check: filled in below
        continue;
      }
      StoredEvent head = stored.get(offset);
      long base = head.version() - 1;
      for (int i = 0; i < events.size(); i++) {
        StoredEvent event = stored.get(offset + i);
        if (event == null) {
          continue;
        }
        if (!event.stream().equals(part.stream().value()) || event.version() != base + 1 + i) {
          throw new DuplicateEventIdException(
              events.get(i).id(),
              "it is stored at " + event.where() + ", not at " + part.stream() + "@"
                  + (base + 1 + i) + " where this append would put it");
        }
        if (!event.sameContent()) {
          throw new DuplicateEventIdException(
              events.get(i).id(), "it is stored at " + event.where() + " with a different type,"
                  + " payload or metadata, so this is not a retry of that append");
        }
        if (event.position() < first) {
          first = event.position();
          firstId = events.get(i).id();
        }
        last = Math.max(last, event.position());
      }
      if (!part.expected().isSatisfiedBy(Version.of(base))) {
        throw new DuplicateEventIdException(
            events.get(0).id(),
            "it is stored at " + head.where()
                + ", which does not satisfy the expected version " + part.expected()
                + " of this append, so it is not a retry");
      }
      versions.put(part.stream(), Version.of(base + events.size()));
      offset += events.size();
    }
    for (int p = 0; p < parts.size(); p++) {
      PreparedStream part = parts.get(p);
      if (part.events().isEmpty()) {
        Version seen = Version.of(current[p]);
        if (!part.expected().isSatisfiedBy(seen)) {
          throw new DuplicateEventIdException(
              firstId,
              "its append checked " + part.stream() + " at version " + seen + ", which does not"
                  + " satisfy the expected version " + part.expected() + " of this append,"
                  + " so it is not a retry");
        }
        versions.put(part.stream(), seen);
      }
    }
    return new AppendResult(versions, GlobalPosition.of(first), GlobalPosition.of(last));
  }

  /** The failure for an append that mixes stored and new ids: not a retry. */
  private static DuplicateEventIdException mixed(
      PreparedAppend append, Map<Integer, StoredEvent> stored) {
    int index = 0;
    for (PreparedStream part : append.streams()) {
      for (PreparedEvent event : part.events()) {
        StoredEvent found = stored.get(index++);
        if (found != null) {
          return new DuplicateEventIdException(
              event.id(),
              "it is stored at " + found.where() + ", and this append mixes stored and new ids,"
                  + " so it is not a retry");
        }
      }
    }
    throw new IllegalStateException("no stored event among " + stored.keySet());
  }
}
