package dev.eventcore;

import java.util.Objects;

/**
 * A stream's version did not satisfy an append's expectation: someone else wrote to it since you
 * read it. Re-read the stream, decide again, and append with the new version. Nothing of the
 * append was written.
 *
 * @since 0.1.0
 */
public final class WrongExpectedVersionException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final StreamId stream;
  private final transient ExpectedVersion expected;
  private final Version actual;

  /** The stream {@code stream} was at {@code actual}, which does not satisfy {@code expected}. */
  public WrongExpectedVersionException(
      StreamId stream, ExpectedVersion expected, Version actual) {
    super(
        "wrong expected version for stream "
            + Objects.requireNonNull(stream, "stream")
            + ": expected "
            + Objects.requireNonNull(expected, "expected")
            + ", actual "
            + Objects.requireNonNull(actual, "actual").value());
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }

  /** The stream whose version did not match. */
  public StreamId stream() {
    return stream;
  }

  /** What the append expected. */
  public ExpectedVersion expected() {
    return expected;
  }

  /** The stream's version when the append was checked. */
  public Version actual() {
    return actual;
  }

  /**
   * Always {@link Retry#AFTER_REREAD}: the same append fails again; re-read the stream, decide
   * again and append with the version read (the command executor does this under its retry
   * policy).
   */
  @Override
  public Retry retry() {
    return Retry.AFTER_REREAD;
  }
}
