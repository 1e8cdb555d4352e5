package dev.eventcore;

import java.util.Objects;

/**
 * An event to append: its id, its payload and its metadata.
 *
 * <pre>{@code
 * EventData<OrderEvent> placed = EventData.of(new OrderPlaced("42", 3));
 * }</pre>
 *
 * <p>Keep the {@code EventData} (and so its id) when you retry an append: a retry with the same
 * ids is idempotent.
 *
 * @param id the event's unique id
 * @param payload the event: a plain object, typically a record of a registered event type
 * @param metadata its metadata
 * @param <E> the payload type
 *
 * @since 0.1.0
 */
public record EventData<E>(EventId id, E payload, Metadata metadata) {

  /** Validates the arguments. */
  public EventData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
  }

  /** An event with a new {@linkplain EventId#random() random id} and empty metadata. */
  public static <E> EventData<E> of(E payload) {
    return new EventData<>(EventId.random(), payload, Metadata.empty());
  }

  /** An event with a new random id and the given metadata. */
  public static <E> EventData<E> of(E payload, Metadata metadata) {
    return new EventData<>(EventId.random(), payload, metadata);
  }

  /** A copy with the given metadata (same id). */
  public EventData<E> withMetadata(Metadata metadata) {
    return new EventData<>(id, payload, metadata);
  }

  /** A copy with the given id. */
  public EventData<E> withId(EventId id) {
    return new EventData<>(id, payload, metadata);
  }
}
