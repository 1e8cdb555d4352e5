package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A projection as a PostgreSQL store's tables describe it, seen from outside the application that
 * runs it ({@link PostgresProjectionAdmin}): its checkpoint, its lease row, the operator's
 * requests on it and its dead letters. What only the running application knows (handling rate,
 * a failure that stopped it) is not here.
 *
 * @param name the projection's name
 * @param position its saved checkpoint; {@link GlobalPosition#START} when none is saved
 * @param checkpointSavedAt when the checkpoint was last saved; empty when none is
 * @param holder the owner of its live lease: the instance running it; empty when none holds it
 * @param leaseExpiresAt when that live lease expires unless renewed; empty when none holds it
 * @param fencingToken the lease row's token (grants and revocations raise it); 0 without a row
 * @param pausedAt when an operator paused it across processes; empty when not paused
 * @param rebuildRequestedAt when an operator requested a rebuild that no instance began yet
 * @param deadLetters how many dead letters it has
 * @param lastError the error of its latest dead letter
 * @param lastErrorAt when that latest dead letter's event failed
 *
 * @since 0.1.0
 */
public record StoredProjection(
    String name,
    GlobalPosition position,
    Optional<Instant> checkpointSavedAt,
    Optional<String> holder,
    Optional<Instant> leaseExpiresAt,
    long fencingToken,
    Optional<Instant> pausedAt,
    Optional<Instant> rebuildRequestedAt,
    long deadLetters,
    Optional<String> lastError,
    Optional<Instant> lastErrorAt) {

  /** Validates the fields. */
  public StoredProjection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(checkpointSavedAt, "checkpointSavedAt");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    Objects.requireNonNull(pausedAt, "pausedAt");
    Objects.requireNonNull(rebuildRequestedAt, "rebuildRequestedAt");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    if (fencingToken < 0 || deadLetters < 0) {
      throw new IllegalArgumentException("fencingToken and deadLetters must be >= 0 but were "
          + fencingToken + " and " + deadLetters);
    }
  }

  /** What the stored state says of the projection, the first that applies in this order. */
  public enum State {
    /** An operator paused it: no instance is granted its lease until it is resumed. */
    PAUSED,
    /** An operator requested a rebuild: the next instance granted its lease rebuilds it. */
    REBUILD_REQUESTED,
    /** An instance holds its lease: it runs (or is paused within that application). */
    ACTIVE,
    /** Its lease row is free: no instance runs it now (stopped, failed, or not started). */
    IDLE,
    /**
     * It has no lease row: it never ran under {@link PostgresProjectionLease} (its application may
     * use an in-process lease, which nothing outside the application can see or steer).
     */
    UNLEASED
  }

  /** The state its tables show. */
  public State state() {
    if (pausedAt.isPresent()) {
      return State.PAUSED;
    }
    if (rebuildRequestedAt.isPresent()) {
      return State.REBUILD_REQUESTED;
    }
    if (holder.isPresent()) {
      return State.ACTIVE;
    }
    return fencingToken > 0 ? State.IDLE : State.UNLEASED;
  }
}
