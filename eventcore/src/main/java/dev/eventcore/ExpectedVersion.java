package dev.eventcore;

import java.util.Objects;

/**
 * What an append expects of a stream's version: the optimistic-concurrency check.
 *
 * <pre>{@code
 * store.append(id, ExpectedVersion.noStream(), events);            // create
 * store.append(id, ExpectedVersion.exactly(Version.of(3)), events); // update what you read
 * store.append(id, ExpectedVersion.any(), events);                 // no check
 * }</pre>
 *
 * <p>A miss throws {@link WrongExpectedVersionException} with the actual version.
 *
 * @since 0.1.0
 */
public sealed interface ExpectedVersion {

  /** No check: append whatever the stream's version. */
  static ExpectedVersion any() {
    return Any.INSTANCE;
  }

  /** The stream must have no events (version {@link Version#NONE}). */
  static ExpectedVersion noStream() {
    return NoStream.INSTANCE;
  }

  /** The stream must have at least one event. */
  static ExpectedVersion streamExists() {
    return StreamExists.INSTANCE;
  }

  /**
   * The stream's version must be exactly {@code version}; {@code exactly(Version.NONE)} is the same
   * check as {@link #noStream()}.
   */
  static ExpectedVersion exactly(Version version) {
    return new Exactly(version);
  }

  /** Whether a stream at version {@code actual} satisfies this expectation. */
  boolean isSatisfiedBy(Version actual);

  /** No check. */
  record Any() implements ExpectedVersion {
    static final Any INSTANCE = new Any();

    @Override
    public boolean isSatisfiedBy(Version actual) {
      Objects.requireNonNull(actual, "actual");
      return true;
    }

    @Override
    public String toString() {
      return "any";
    }
  }

  /** The stream must be empty. */
  record NoStream() implements ExpectedVersion {
    static final NoStream INSTANCE = new NoStream();

    @Override
    public boolean isSatisfiedBy(Version actual) {
      Objects.requireNonNull(actual, "actual");
      return actual.value() == 0;
    }

    @Override
    public String toString() {
      return "no stream";
    }
  }

  /** The stream must have events. */
  record StreamExists() implements ExpectedVersion {
    static final StreamExists INSTANCE = new StreamExists();

    @Override
    public boolean isSatisfiedBy(Version actual) {
      Objects.requireNonNull(actual, "actual");
      return actual.value() > 0;
    }

    @Override
    public String toString() {
      return "stream exists";
    }
  }

  /**
   * The stream must be at exactly this version.
   *
   * @param version the expected version
   */
  record Exactly(Version version) implements ExpectedVersion {
    /** Validates the version. */
    public Exactly {
      Objects.requireNonNull(version, "version");
    }

    @Override
    public boolean isSatisfiedBy(Version actual) {
      Objects.requireNonNull(actual, "actual");
      return version.equals(actual);
    }

    @Override
    public String toString() {
      return "exactly " + version.value();
    }
  }
}
