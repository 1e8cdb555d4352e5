package dev.eventcore.saga;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamDeleted;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a saga's instances after a start: one scan of the saga's stream category folds every
 * instance (no read per stream); those not completed are put in memory.
 */
final class Recovery<S, E> {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final EventStore store;
  private final Saga<S, E> saga;
  private final SagaStreams<S, E> streams;
  private final Map<StreamId, InstanceState<S, E>> found = new LinkedHashMap<>();
  private int lost;

  Recovery(EventStore store, Saga<S, E> saga, SagaStreams<S, E> streams) {
    this.store = store;
    this.saga = saga;
    this.streams = streams;
  }

  void run(Instances<S, E> into) {
    EventFilter filter = EventFilter.categories(streams.category());
    GlobalPosition after = GlobalPosition.START;
    while (true) {
      LogPage page = store.readAll(after, 1_000, filter);
      for (RecordedEvent<?> event : page.events()) {
        fold(event);
      }
      if (!page.scannedTo().isAfter(after)) {
        break;
      }
      after = page.scannedTo();
    }
    int open = 0;
    for (InstanceState<S, E> instance : found.values()) {
      if (instance != null && !instance.completed()) {
        into.offer(instance);
        open += instance.hasPendingWork() ? 1 : 0;
      }
    }
    LOG.info("saga {}: recovered {} instances, {} with pending work", saga.name(),
        found.size() - lost, open);
  }

  private void fold(RecordedEvent<?> event) {
    if (event.payload() instanceof UndecodableEvent) {
      @SuppressWarnings("unchecked")
      RecordedEvent<UndecodableEvent> raw = (RecordedEvent<UndecodableEvent>) event;
      throw new UndecodableEventException(raw, null);
    }
    StreamId stream = event.streamId();
    if (event.payload() instanceof StreamDeleted) {
      // a deleted instance: nothing of it is recovered (a restart's events start a new one)
      if (found.containsKey(stream) && found.remove(stream) == null) {
        lost--;
      }
      return;
    }
    if (!found.containsKey(stream)) {
      String key = streams.keyOf(stream);
      try {
        streams.streamOf(key);
        found.put(stream, streams.newInstance(key, stream));
      } catch (IllegalArgumentException e) {
        // a key stored before today's stream-id rules (an invisible character): the other
        // instances recover; this one cannot be addressed any more, and says so
        LOG.error("saga {}: instance {} is not recovered: its key is no longer a valid stream"
            + " id ({}); copy its events to a stream with a valid key", saga.name(), stream,
            e.getMessage());
        found.put(stream, null);
        lost++;
      }
    }
    InstanceState<S, E> instance = found.get(stream);
    if (instance != null) {
      instance.stored(event.id(), event.payload(), event.metadata(), event.version());
    }
  }
}
