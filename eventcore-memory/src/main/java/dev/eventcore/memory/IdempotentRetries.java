package dev.eventcore.memory;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises an idempotent retry: an append whose event ids are all stored already, at the places
 * and with the content the append would give them, gets the original result; a partial or
 * different reuse of ids is a {@link DuplicateEventIdException}. Called under the store's write
 * lock.
 */
final class IdempotentRetries {
  private final AppendOnlyLog<RecordedEvent<?>> log;
  private final Map<StreamId, AppendOnlyLog<RecordedEvent<?>>> streams;
  private final EventIdIndex byId;

  IdempotentRetries(AppendOnlyLog<RecordedEvent<?>> log,
      Map<StreamId, AppendOnlyLog<RecordedEvent<?>>> streams, EventIdIndex byId) {
    this.log = log;
    this.streams = streams;
    this.byId = byId;
  }

  /**
   * The original result when every event of the append is already stored at the same positions
   * with the same content; null when none is stored; otherwise a duplicate-id failure.
   */
  AppendResult retriedResult(PreparedAppend append) {
    boolean anyStored = false;
    boolean anyNew = false;
    List<PreparedStream> parts = append.streams();
    for (int p = 0; p < parts.size(); p++) {
      List<PreparedEvent> events = parts.get(p).events();
      for (int e = 0; e < events.size(); e++) {
        if (byId.find(events.get(e).id()) >= 0) {
          anyStored = true;
        } else {
          anyNew = true;
        }
      }
    }
    if (!anyStored) {
      return null;
    }
    if (anyNew) {
      throw mixedIds(append);
    }
    Map<StreamId, Version> versions = new LinkedHashMap<>();
    long first = Long.MAX_VALUE;
    long last = 0;
    EventId firstId = null;
    for (PreparedStream part : append.streams()) {
      if (part.events().isEmpty()) {
        versions.put(part.stream(), Version.NONE); // a pure check: filled in below
        continue;
      }
      RecordedEvent<?> head = stored(part.events().get(0).id());
      long base = head.version().value() - 1;
      for (int i = 0; i < part.events().size(); i++) {
        PreparedEvent event = part.events().get(i);
        RecordedEvent<?> stored = stored(event.id());
        if (stored == null) {
          continue;
        }
        if (!stored.streamId().equals(part.stream()) || stored.version().value() != base + 1 + i) {
          throw new DuplicateEventIdException(
              event.id(),
              "it is stored at " + where(stored) + ", not at " + part.stream() + "@" + (base + 1 + i)
                  + " where this append would put it");
        }
        if (!stored.type().equals(event.type())
            || !stored.payload().equals(event.payload())
            || !stored.metadata().equals(event.metadata())) {
          throw new DuplicateEventIdException(
              event.id(), "it is stored at " + where(stored) + " with a different type, payload"
                  + " or metadata, so this is not a retry of that append");
        }
        if (stored.position().value() < first) {
          first = stored.position().value();
          firstId = event.id();
        }
        last = Math.max(last, stored.position().value());
      }
      if (!part.expected().isSatisfiedBy(Version.of(base))) {
        throw new DuplicateEventIdException(
            part.events().get(0).id(),
            "it is stored at " + where(head) + ", which does not satisfy the expected version "
                + part.expected() + " of this append, so it is not a retry");
      }
      versions.put(part.stream(), Version.of(base + part.events().size()));
    }
    for (PreparedStream part : append.streams()) {
      if (part.events().isEmpty()) {
        Version seen = versionBefore(streams.get(part.stream()), first);
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

  /** The stream's version just before {@code position}: its number of events before it. */
  private static Version versionBefore(AppendOnlyLog<RecordedEvent<?>> stream, long position) {
    if (stream == null) {
      return Version.NONE;
    }
    int low = 0;
    int high = stream.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (stream.get(middle).position().value() < position) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return Version.of(low);
  }

  /** The stored event with {@code id}, or null. Under the write lock. */
  private RecordedEvent<?> stored(EventId id) {
    int index = byId.find(id);
    return index < 0 ? null : log.get(index);
  }

  /** Some ids of {@code append} are stored, some are new: no retry, so name a stored one. */
  private DuplicateEventIdException mixedIds(PreparedAppend append) {
    for (PreparedStream part : append.streams()) {
      for (PreparedEvent event : part.events()) {
        RecordedEvent<?> stored = stored(event.id());
        if (stored != null) {
          return new DuplicateEventIdException(
              event.id(),
              "it is stored at " + where(stored) + ", and this append mixes stored and new ids,"
                  + " so it is not a retry");
        }
      }
    }
    throw new IllegalStateException("mixedIds called for an append with no stored id");
  }

  private static String where(RecordedEvent<?> event) {
    return event.streamId() + "@" + event.version() + " (position " + event.position() + ")";
  }

}
