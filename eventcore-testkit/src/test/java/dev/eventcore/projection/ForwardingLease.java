package dev.eventcore.projection;

/**
 * A lease that answers as {@code granted} does for what every lease has (projection, owner,
 * fencing token, renewal, release), for a test to override what it changes; the operator's
 * requests keep the interface's defaults (none).
 */
class ForwardingLease implements Lease {
  final Lease granted;

  ForwardingLease(Lease granted) {
    this.granted = granted;
  }

  @Override
  public String projection() {
    return granted.projection();
  }

  @Override
  public String owner() {
    return granted.owner();
  }

  @Override
  public long fencingToken() {
    return granted.fencingToken();
  }

  @Override
  public boolean renew() {
    return granted.renew();
  }

  @Override
  public void close() {
    granted.close();
  }
}
