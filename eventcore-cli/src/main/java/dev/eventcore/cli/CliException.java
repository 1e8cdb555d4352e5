package dev.eventcore.cli;

/**
 * A failure the CLI reports as one line on stderr with exit code 1: the message says what was
 * wrong (an unknown stream, a missing option value the parser cannot see).
 */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
