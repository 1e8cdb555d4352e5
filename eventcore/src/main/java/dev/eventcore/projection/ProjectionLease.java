package dev.eventcore.projection;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides which instance of a projection is active: at most one holder per projection name at a
 * time, across every process that shares the implementation's backing store. Each grant carries a
 * fencing token, strictly increasing per projection, that checkpoint writes are fenced with, so a
 * holder that lost its lease without noticing cannot commit over its successor.
 *
 * <pre>{@code
 * ProjectionLease leases = ProjectionLease.inProcess();   // one JVM; the default of the runner
 * Optional<Lease> lease = leases.tryAcquire("order-totals", "host-a:4711");
 * }</pre>
 *
 * <p>The runner acquires the lease before it runs a projection (waiting in {@link
 * ProjectionState#STANDBY} while another instance holds it), renews it at every tick, and stops
 * applying events when a renewal fails. Adapters implement it across processes: PostgreSQL with a
 * lease row (owner, token, expiry) or a session advisory lock. Thread-safe.
 *
 * @since 0.1.0
 */
public interface ProjectionLease {

  /**
   * Grants {@code projection} to {@code owner} unless another grant is live.
   *
   * @param projection the projection's name
   * @param owner who asks, for diagnostics (host, pid)
   * @return the grant, or empty if another instance holds a live lease
   */
  Optional<Lease> tryAcquire(String projection, String owner);

  /**
   * Leases within this JVM that never expire: a grant lasts until it is closed. Share one instance
   * between runners that share a checkpoint store.
   */
  static ProjectionLease inProcess() {
    return new InProcessLease(Clock.systemUTC(), Duration.ZERO);
  }

  /**
   * Leases within this JVM that expire {@code ttl} after their last renewal, by {@code clock}:
   * the shape of a cross-process lease, for tests of takeover and fencing.
   */
  static ProjectionLease inProcess(Duration ttl, Clock clock) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
    return new InProcessLease(clock, ttl);
  }
}
