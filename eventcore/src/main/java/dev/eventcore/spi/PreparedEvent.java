package dev.eventcore.spi;

import dev.eventcore.EventId;
import dev.eventcore.Metadata;
import java.util.Objects;

/**
 * One validated event of a {@link PreparedAppend}: its type name is resolved and its payload
 * checked.
 *
 * @param id the event id
 * @param type the registered type name
 * @param payload the payload object
 * @param metadata the metadata
 *
 * @since 0.1.0
 */
public record PreparedEvent(EventId id, String type, Object payload, Metadata metadata) {
  /** Validates the arguments. */
  public PreparedEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
  }
}
