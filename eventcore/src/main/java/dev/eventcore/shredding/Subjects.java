package dev.eventcore.shredding;

import java.util.Objects;

/** The check of a subject id, in one place. */
final class Subjects {
  /** The longest subject id, in characters. */
  static final int MAX_LENGTH = 255;

  private Subjects() {}

  /** {@code subject}, if it is a usable subject id. */
  static String require(String subject) {
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("a data subject id must not be blank");
    }
    if (subject.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a data subject id has at most " + MAX_LENGTH
          + " characters, not " + subject.length());
    }
    return subject;
  }
}
