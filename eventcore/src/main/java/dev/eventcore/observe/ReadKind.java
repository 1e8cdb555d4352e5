package dev.eventcore.observe;

/**
 * What a read read, as an {@link Observer} sees it.
 *
 * @since 0.1.0
 */
public enum ReadKind {
  /** Events of one stream. */
  STREAM,
  /** A page of the store-wide log (a subscription's, a projection's, or a caller's). */
  LOG,
  /**
   * The events a dynamic consistency boundary's query matched ({@code DcbStore.read}): one read
   * however the store finds them.
   *
   * @since 0.2.0
   */
  BOUNDARY
}
