package dev.eventcore;

/**
 * An event's payload or metadata is larger than the store's limit (1 MiB by default), or the
 * payloads and metadata of one append together are larger than {@link
 * StoreLimits#maxAppendBytes()} (256 MiB by default). Nothing of the append was written.
 *
 * @since 0.1.0
 */
public final class PayloadTooLargeException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  /** {@code what} (e.g. "payload of event 3 (OrderPlaced)") is {@code size} bytes, over {@code limit}. */
  public PayloadTooLargeException(String what, long size, long limit) {
    super(what + " is " + size + " bytes; the limit is " + limit + " bytes");
    this.size = size;
    this.limit = limit;
  }

  /** The size in bytes: of the encoded JSON, or its estimate in the in-memory store. */
  public long size() {
    return size;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }

  /** Always {@link Retry#NEVER}: the same payload stays too large; split or shrink it. */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
