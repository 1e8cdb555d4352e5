package dev.eventcore;

/**
 * An event class has no registered type name (on write), or a stored type name has no registered
 * class (on read). Register the type with {@code EventTypes.of(...)}; for a renamed type, add an
 * upcaster. A read never skips such an event or turns it into an empty object.
 *
 * @since 0.1.0
 */
public final class UnknownEventTypeException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final String type;

  /** A failure about the type {@code type} with the given message. */
  public UnknownEventTypeException(String type, String message) {
    super(message);
    this.type = type;
  }

  /** The unknown type name, or the unregistered class's name. */
  public String type() {
    return type;
  }

  /** Always {@link Retry#NEVER}: only registering the type (or an upcaster) helps. */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
