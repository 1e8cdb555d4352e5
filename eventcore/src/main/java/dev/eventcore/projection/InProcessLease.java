package dev.eventcore.projection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link ProjectionLease#inProcess()}: a map of holders under one monitor, optional expiry. */
final class InProcessLease implements ProjectionLease {
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Grant> holders = new HashMap<>();
  private final Map<String, Long> lastTokens = new HashMap<>();

  /** {@code ttl} zero: grants never expire. */
  InProcessLease(Clock clock, Duration ttl) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  @Override
  public synchronized Optional<Lease> tryAcquire(String projection, String owner) {
    ProjectionNames.require(projection, "projection");
    Objects.requireNonNull(owner, "owner");
    Grant holder = holders.get(projection);
    if (holder != null && !expired(holder)) {
      return Optional.empty();
    }
    long token = lastTokens.merge(projection, 1L, Long::sum);
    Grant grant = new Grant(projection, owner, token);
    grant.expiresAt = expiry();
    holders.put(projection, grant);
    return Optional.of(grant);
  }

  private boolean expired(Grant grant) {
    return !ttl.isZero() && !clock.instant().isBefore(grant.expiresAt);
  }

  private Instant expiry() {
    return ttl.isZero() ? Instant.MAX : clock.instant().plus(ttl);
  }

  private synchronized boolean renew(Grant grant) {
    if (holders.get(grant.projection) != grant) {
      return false;
    }
    grant.expiresAt = expiry();
    return true;
  }

  private synchronized void release(Grant grant) {
    holders.remove(grant.projection, grant);
  }

  private final class Grant implements Lease {
    private final String projection;
    private final String owner;
    private final long token;
    private Instant expiresAt = Instant.MAX; // guarded by the lease's monitor

    Grant(String projection, String owner, long token) {
      this.projection = projection;
      this.owner = owner;
      this.token = token;
    }

    @Override
    public String projection() {
      return projection;
    }

    @Override
    public String owner() {
      return owner;
    }

    @Override
    public long fencingToken() {
      return token;
    }

    @Override
    public boolean renew() {
      return InProcessLease.this.renew(this);
    }

    @Override
    public void close() {
      release(this);
    }

    @Override
    public String toString() {
      return "Lease[" + projection + " held by " + owner + ", token " + token + "]";
    }
  }
}
