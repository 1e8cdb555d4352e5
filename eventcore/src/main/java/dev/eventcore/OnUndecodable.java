package dev.eventcore;

/**
 * What a read of the global log or a subscription does at a stored event that cannot be decoded
 * (an unknown type name, data that does not fit its class, an upcaster that throws, unreadable
 * metadata). Carried by {@link EventFilter}: {@code EventFilter.all().deliveringUndecodable()}.
 * Neither choice skips the event.
 *
 * @since 0.1.0
 */
public enum OnUndecodable {
  /**
   * Stop at it (the default): the read returns the events before it, and the next read, which
   * starts at it, throws {@link UndecodableEventException} with its position and raw envelope; a
   * subscription fails there.
   */
  STOP,

  /**
   * Hand it over raw: the reader receives it at its position as a {@link RecordedEvent} whose
   * payload is its {@link UndecodableEvent} envelope, and reads on past it.
   */
  DELIVER_RAW
}
