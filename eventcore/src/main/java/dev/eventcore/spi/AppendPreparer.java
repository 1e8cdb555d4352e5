package dev.eventcore.spi;

import dev.eventcore.Deletion;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamDeleted;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.dcb.Tag;
import dev.eventcore.internal.PayloadInspector;
import dev.eventcore.serialization.EventTypes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Validates an append once, for every adapter, before anything touches storage. */
final class AppendPreparer {
  private final EventTypes types;
  private final StoreLimits limits;
  private final boolean inspectsPayloads;
  private SizedMetadata lastMetadata = new SizedMetadata(Metadata.empty(), 2);

  /**
   * @param inspectsPayloads whether to check payloads and metadata sizes on the objects: for
   *     adapters that do not encode them (an encoding adapter checks the encoded bytes instead)
   */
  AppendPreparer(EventTypes types, StoreLimits limits, boolean inspectsPayloads) {
    this.types = types;
    this.limits = limits;
    this.inspectsPayloads = inspectsPayloads;
  }

  PreparedAppend prepare(List<StreamAppend> appends) {
    Objects.requireNonNull(appends, "appends");
    if (appends.isEmpty()) {
      throw new IllegalArgumentException("an append needs at least one StreamAppend");
    }
    int total = countEvents(appends);
    Map<EventId, StreamId> ids = total > 1 ? new HashMap<>(total * 2) : null;
    // immutable lists built once: the records' List.copyOf keeps them as they are
    long[] bytes = {0}; // payload and metadata bytes so far, against maxAppendBytes
    if (appends.size() == 1) {
      return new PreparedAppend(List.of(prepareStream(appends.get(0), ids, bytes)), total);
    }
    PreparedStream[] prepared = new PreparedStream[appends.size()];
    for (int a = 0; a < prepared.length; a++) {
      prepared[a] = prepareStream(appends.get(a), ids, bytes);
    }
    return new PreparedAppend(List.of(prepared), total);
  }

  /**
   * The append of a deletion's tombstone to {@code stream}, checked against {@code expected},
   * carrying {@code metadata} (the observer's entries, such as the trace context of the deletion).
   */
  PreparedAppend tombstone(
      StreamId stream, ExpectedVersion expected, Deletion deletion, Metadata metadata) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(expected, "expected");
    EventData<StreamDeleted> event = EventData.of(new StreamDeleted(deletion), metadata);
    PreparedEvent tombstone = new PreparedEvent(
        event.id(), types.nameOf(StreamDeleted.class), event.payload(), event.metadata());
    return new PreparedAppend(
        List.of(new PreparedStream(stream, expected, List.of(tombstone))), 1);
  }

  /** Prepares one stream's part; {@code ids} collects the ids seen so far, null for one event. */
  private PreparedStream prepareStream(
      StreamAppend append, @Nullable Map<EventId, StreamId> ids, long[] bytes) {
    List<? extends EventData<?>> source = append.events();
    List<PreparedEvent> events;
    if (source.size() == 1) {
      events = List.of(prepareDistinct(source.get(0), append.stream(), 0, ids, bytes));
    } else {
      PreparedEvent[] array = new PreparedEvent[source.size()];
      for (int i = 0; i < array.length; i++) {
        array[i] = prepareDistinct(source.get(i), append.stream(), i, ids, bytes);
      }
      events = List.of(array);
    }
    return new PreparedStream(append.stream(), append.expected(), events);
  }

  private PreparedEvent prepareDistinct(EventData<?> event, StreamId stream, int index,
      @Nullable Map<EventId, StreamId> ids, long[] bytes) {
    if (ids != null) {
      StreamId previous = ids.putIfAbsent(event.id(), stream);
      if (previous != null) {
        throw new DuplicateEventIdException(
            event.id(),
            "it appears twice in this append (streams " + previous + " and " + stream + ")");
      }
    }
    return prepare(event, stream, index, bytes);
  }

  private int countEvents(List<StreamAppend> appends) {
    int total = 0;
    Set<StreamId> streams = appends.size() > 1 ? new HashSet<>() : null;
    for (int a = 0; a < appends.size(); a++) {
      StreamAppend append = appends.get(a);
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

  private PreparedEvent prepare(EventData<?> event, StreamId stream, int index, long[] bytes) {
    Object payload = event.payload();
    if (payload instanceof UndecodableEvent) {
      throw new IllegalArgumentException("event " + index + " for stream " + stream + " is an"
          + " UndecodableEvent: the raw envelope of a stored event that could not be read, which"
          + " cannot be appended; append an event of a registered class instead");
    }
    if (payload instanceof StreamDeleted) {
      throw new IllegalArgumentException("event " + index + " for stream " + stream + " is a"
          + " StreamDeleted tombstone, which only a deletion writes: call deleteStream or"
          + " hardDeleteStream instead");
    }
    if (types.isLegacy(payload.getClass())) {
      throw new IllegalArgumentException(
          "event " + index + " for stream " + stream + ": " + payload.getClass().getSimpleName()
              + " is a legacy shape read through an upcaster; append one of its upcaster's"
              + " targets " + types.upcasterOf(payload.getClass()).to().stream()
                  .map(Class::getSimpleName).toList() + " instead");
    }
    String type = types.nameOf(payload.getClass());
    Metadata metadata = event.metadata();
    if (!metadata.isEmpty() && metadata.entries().containsKey(RecordedEvent.PART_KEY)) {
      throw new IllegalArgumentException(describe(index, type, stream, "metadata") + " has the"
          + " key " + RecordedEvent.PART_KEY + ", which is reserved: it marks the parts of a split"
          + " event when read; remove it before appending");
    }
    if (!metadata.isEmpty() && metadata.entries().containsKey(Tag.METADATA_KEY)
        && !LogBoundaries.tagging()) {
      throw new IllegalArgumentException(describe(index, type, stream, "metadata") + " has the"
          + " key " + Tag.METADATA_KEY + ", which is reserved: it holds the tags of events"
          + " appended through a DcbStore (EventStore.boundaries()), whose locks keep conditions"
          + " on tags race-free; append tagged events there");
    }
    if (inspectsPayloads) {
      long size;
      try {
        size = PayloadInspector.sizeOf(payload);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            describe(index, type, stream, "payload") + " " + e.getMessage());
      }
      if (size > limits.maxEventBytes()) {
        throw new PayloadTooLargeException(
            describe(index, type, stream, "payload"), size, limits.maxEventBytes());
      }
      long metadataSize = metadata.isEmpty() ? 2 : metadataSize(metadata);
      if (metadataSize > limits.maxEventBytes()) {
        throw new PayloadTooLargeException(
            describe(index, type, stream, "metadata"), metadataSize, limits.maxEventBytes());
      }
      bytes[0] += size + metadataSize;
      EncodedPayloads.checkAppendSize(bytes[0], limits.maxAppendBytes(), index, stream);
    }
    return new PreparedEvent(event.id(), type, payload, event.metadata());
  }

  private static String describe(int index, String type, StreamId stream, String part) {
    return part + " of event " + index + " (" + type + ") for stream " + stream;
  }

  /**
   * The metadata's JSON size, exactly as {@link Metadata#toJson()} writes it and an encoding store
   * measures it, so that every store takes the same metadata at the limit. The last one sized is
   * remembered: a command stamps one {@link Metadata} instance (immutable) on all its events, and
   * callers often reuse one. The record's final fields make the unsynchronized cache safe.
   */
  @SuppressWarnings("ReferenceEquality") // the cache is by identity, on purpose
  private long metadataSize(Metadata metadata) {
    SizedMetadata last = lastMetadata;
    if (last.metadata() == metadata) {
      return last.size();
    }
    // '{', then each "key":"value" with its ',' or '}', as Metadata.toJson(); "{}" when empty
    long size = metadata.entries().isEmpty() ? 2 : 1;
    for (Map.Entry<String, String> entry : metadata.entries().entrySet()) {
      size += PayloadInspector.jsonTextBytes(entry.getKey())
          + PayloadInspector.jsonTextBytes(entry.getValue()) + 2;
    }
    lastMetadata = new SizedMetadata(metadata, size);
    return size;
  }

  /** A metadata instance and its JSON size. */
  private record SizedMetadata(Metadata metadata, long size) {}
}
