package dev.eventcore.projection;

/**
 * A granted {@link ProjectionLease}: its holder is the active instance of the projection until it
 * closes the lease or a renewal fails.
 */
public interface Lease extends AutoCloseable {

  /** The projection it is for. */
  String projection();

  /** Who holds it. */
  String owner();

  /** Strictly increasing per projection across grants, {@code >= 1}: fences checkpoint writes. */
  long fencingToken();

  /**
   * Extends the lease.
   *
   * @return false if it was lost (expired and granted to another instance, or released): the
   *     holder must stop applying events at once
   */
  boolean renew();

  /** Releases the lease if still held. Idempotent. */
  @Override
  void close();
}
