package dev.eventcore.projection;

import java.util.Objects;

/** Validates projection names: what checkpoints, leases and dead letters are keyed by. */
final class ProjectionNames {
  /** The longest name, in chars: a PostgreSQL key column can hold it. */
  static final int MAX_LENGTH = 200;

  private ProjectionNames() {}

  /**
   * Returns {@code name} if it is 1..200 chars, without control characters or surrounding
   * whitespace.
   */
  static String require(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          what + " must be 1.." + MAX_LENGTH + " chars but has " + name.length());
    }
    if (!name.strip().equals(name)) {
      throw new IllegalArgumentException(what + " must not start or end with whitespace: '" + name
          + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new IllegalArgumentException(
            what + " must not contain control characters (found U+"
                + String.format("%04X", (int) name.charAt(i)) + " at index " + i + ")");
      }
    }
    return name;
  }
}
