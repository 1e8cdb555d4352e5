package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import java.util.Objects;

/**
 * A projection's stored progress: the position of the last event it is done with, the revision
 * of this record (for compare-and-set) and the fencing token of the lease under which it was
 * written.
 *
 * <p>Revision 0 means nothing is stored yet: {@link #initial(String)}. Every successful {@link
 * CheckpointStore#save} increments the revision by one.
 *
 * @param projection the projection's name
 * @param position the last position done with; {@link GlobalPosition#START} for none
 * @param revision how many times it was saved, {@code >= 0}
 * @param fencingToken the lease token of the last writer, {@code >= 0} (0 before the first save)
 *
 * @since 0.1.0
 */
public record Checkpoint(
    String projection, GlobalPosition position, long revision, long fencingToken) {

  /** Validates the fields. */
  public Checkpoint {
    ProjectionNames.require(projection, "projection");
    Objects.requireNonNull(position, "position");
    if (revision < 0) {
      throw new IllegalArgumentException("revision must be >= 0 but was " + revision);
    }
    if (fencingToken < 0) {
      throw new IllegalArgumentException("fencingToken must be >= 0 but was " + fencingToken);
    }
  }

  /** What {@link CheckpointStore#load} returns for a projection that never saved: START, rev 0. */
  public static Checkpoint initial(String projection) {
    return new Checkpoint(projection, GlobalPosition.START, 0, 0);
  }

  /** Whether a store holds this checkpoint (revision above 0). */
  public boolean isStored() {
    return revision > 0;
  }

  /** The checkpoint a successful save of {@code position} under {@code token} produces. */
  public Checkpoint next(GlobalPosition position, long token) {
    return new Checkpoint(projection, position, revision + 1, token);
  }
}
