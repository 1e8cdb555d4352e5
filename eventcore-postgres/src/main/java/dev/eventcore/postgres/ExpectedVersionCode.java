package dev.eventcore.postgres;

import dev.eventcore.ExpectedVersion;

/**
 * How an expected version travels to SQL, as one number the append statements and the {@code
 * append_batch} function read: -1 any, -2 the stream exists, else the exact version (0 for no
 * stream).
 */
final class ExpectedVersionCode {
  private ExpectedVersionCode() {}

  /** The code of {@code expected}. */
  static long of(ExpectedVersion expected) {
    if (expected instanceof ExpectedVersion.Exactly) {
      return ((ExpectedVersion.Exactly) expected).version().value();
    }
    if (expected instanceof ExpectedVersion.NoStream) {
      return 0;
    }
    return expected instanceof ExpectedVersion.StreamExists ? -2 : -1;
  }
}
