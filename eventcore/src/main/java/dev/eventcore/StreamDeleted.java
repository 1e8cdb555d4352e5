package dev.eventcore;

import java.util.Objects;

/**
 * The tombstone a deletion appends to the stream it deletes ({@link StreamDeletions}): the last
 * event of a deleted stream, and how subscribers and projections hear of the deletion, in log
 * order, at the tombstone's position. Every store knows this type, stored as {@value #TYPE}: it
 * decodes on every read whatever event types the store was built with. Stream reads never return
 * it.
 *
 * <pre>{@code
 * if (event.payload() instanceof StreamDeleted deleted) {
 *   readModel.remove(event.streamId()); // SOFT or HARD: the stream is gone for readers
 * }
 * }</pre>
 *
 * @param deletion how the stream was deleted
 *
 * @since 0.1.0
 */
public record StreamDeleted(Deletion deletion) {
  /** The stored type name. */
  public static final String TYPE = "$eventcore.StreamDeleted";

  /** Validates the field. */
  public StreamDeleted {
    Objects.requireNonNull(deletion, "deletion");
  }
}
