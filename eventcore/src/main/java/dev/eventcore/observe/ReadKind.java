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
  LOG
}
