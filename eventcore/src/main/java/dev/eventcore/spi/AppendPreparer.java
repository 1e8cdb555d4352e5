package dev.eventcore.spi;

import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.Metadata;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.internal.PayloadInspector;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Validates an append once, for every adapter, before anything touches storage. */
final class AppendPreparer {
  private final EventTypes types;
  private final StoreLimits limits;

  AppendPreparer(EventTypes types, StoreLimits limits) {
    this.types = types;
    this.limits = limits;
  }

  PreparedAppend prepare(List<StreamAppend> appends) {
    Objects.requireNonNull(appends, "appends");
    if (appends.isEmpty()) {
      throw new IllegalArgumentException("an append needs at least one StreamAppend");
    }
    int total = countEvents(appends);
    Map<EventId, StreamId> ids = total > 1 ? new HashMap<>(total * 2) : null;
    List<PreparedStream> prepared = new ArrayList<>(appends.size());
    for (StreamAppend append : appends) {
      List<? extends EventData<?>> source = append.events();
      List<PreparedEvent> events = new ArrayList<>(source.size());
      for (int i = 0; i < source.size(); i++) {
        EventData<?> event = source.get(i);
        if (ids != null) {
          StreamId previous = ids.putIfAbsent(event.id(), append.stream());
          if (previous != null) {
            throw new DuplicateEventIdException(
                event.id(),
                "it appears twice in this append (streams " + previous + " and " + append.stream()
                    + ")");
          }
        }
        events.add(prepare(event, append.stream(), i));
      }
      prepared.add(new PreparedStream(append.stream(), append.expected(), events));
    }
    return new PreparedAppend(prepared, total);
  }

  private int countEvents(List<StreamAppend> appends) {
    int total = 0;
    Set<StreamId> streams = appends.size() > 1 ? new HashSet<>() : null;
    for (StreamAppend append : appends) {
      Objects.requireNonNull(append, "appends[i]");
      if (streams != null && !streams.add(append.stream())) {
        throw new IllegalArgumentException(
            "stream " + append.stream() + " appears more than once in one append;"
                + " put all its events in one StreamAppend");
      }
      total += append.events().size();
    }
    if (total == 0) {
      throw new IllegalArgumentException(
          "an append must write at least one event; nothing was written");
    }
    if (total > limits.maxEventsPerAppend()) {
      throw new IllegalArgumentException(
          "an append may write at most " + limits.maxEventsPerAppend() + " events but had " + total
              + "; split it or raise StoreLimits.maxEventsPerAppend");
    }
    return total;
  }

  private PreparedEvent prepare(EventData<?> event, StreamId stream, int index) {
    Object payload = event.payload();
    if (types.isLegacy(payload.getClass())) {
      throw new IllegalArgumentException(
          "event " + index + " for stream " + stream + ": " + payload.getClass().getSimpleName()
              + " is a legacy shape read through an upcaster; append one of its upcaster's"
              + " targets " + types.upcasterOf(payload.getClass()).to().stream()
                  .map(Class::getSimpleName).toList() + " instead");
    }
    String type = types.nameOf(payload.getClass());
    long size = PayloadInspector.inspect(payload, () -> describe(index, type, stream, "payload"));
    if (size > limits.maxEventBytes()) {
      throw new PayloadTooLargeException(
          describe(index, type, stream, "payload"), size, limits.maxEventBytes());
    }
    if (!event.metadata().isEmpty()) {
      long metadataSize = metadataSize(event.metadata());
      if (metadataSize > limits.maxEventBytes()) {
        throw new PayloadTooLargeException(
            describe(index, type, stream, "metadata"), metadataSize, limits.maxEventBytes());
      }
    }
    return new PreparedEvent(event.id(), type, payload, event.metadata());
  }

  private static String describe(int index, String type, StreamId stream, String part) {
    return part + " of event " + index + " (" + type + ") for stream " + stream;
  }

  private static long metadataSize(Metadata metadata) {
    long size = 2;
    for (Map.Entry<String, String> entry : metadata.entries().entrySet()) {
      size += PayloadInspector.jsonTextBytes(entry.getKey())
          + PayloadInspector.jsonTextBytes(entry.getValue()) + 2;
    }
    return size;
  }
}
