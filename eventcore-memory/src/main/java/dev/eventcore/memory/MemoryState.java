package dev.eventcore.memory;

import dev.eventcore.StreamId;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The events of an in-memory store, shared by every store {@link InMemoryEventStore#withEventTypes}
 * made over them, and the lock that serializes their appends.
 */
final class MemoryState {
  /**
   * One generation of events: positions dense from its log's base (see {@link EventLog}). {@link
   * #reset()} starts the next generation where this one ended.
   */
  record Events(EventLog log, Map<StreamId, StreamIndex> streams, EventIdIndex byId,
      IdempotentRetries retries, StreamLives lives) {

    static Events startingAfter(long base) {
      EventLog log = new EventLog(base);
      Map<StreamId, StreamIndex> streams = new ConcurrentHashMap<>();
      EventIdIndex byId = new EventIdIndex(log);
      return new Events(
          log, streams, byId, new IdempotentRetries(log, streams, byId), new StreamLives());
    }
  }

  private final WriteLock writeLock = new WriteLock();
  private final Clock clock;
  private volatile Events events = Events.startingAfter(0);

  MemoryState(Clock clock) {
    this.clock = clock;
  }

  WriteLock writeLock() {
    return writeLock;
  }

  Clock clock() {
    return clock;
  }

  /** The current generation; read it once per call. */
  Events events() {
    return events;
  }

  /** Drops every event; the next append gets version 1 and the position after the last one. */
  void reset() {
    writeLock.lock();
    try {
      Events old = events;
      events = Events.startingAfter(old.log().positionOf(old.log().written() - 1));
    } finally {
      writeLock.unlock();
    }
  }
}
