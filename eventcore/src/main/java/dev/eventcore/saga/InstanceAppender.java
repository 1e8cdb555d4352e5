package dev.eventcore.saga;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Appends an instance's events (with its in-step decisions) at its in-memory version. */
final class InstanceAppender<S, E> {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceWork.class);

  private final EventStore store;
  private final String saga;
  private final CommandDispatcher dispatcher;
  private final Instances<S, E> instances;
  private final SagaCounters counters;

  InstanceAppender(EventStore store, String saga, CommandDispatcher dispatcher,
      Instances<S, E> instances, SagaCounters counters) {
    this.store = store;
    this.saga = saga;
    this.dispatcher = dispatcher;
    this.instances = instances;
    this.counters = counters;
  }

  /**
   * Appends {@code events} to the instance's stream at its in-memory version, with the inline
   * commands' appends, in one transaction; false after a conflict (the instance reloaded if it
   * was its own stream).
   */
  boolean append(
      Instances.Slot<S, E> slot, List<EventData<?>> events, InlineDecisions inline) {
    InstanceState<S, E> instance = slot.state();
    StreamAppend own =
        StreamAppend.of(instance.stream(), ExpectedVersion.exactly(instance.version()), events);
    try {
      AppendResult result;
      if (inline.appends().isEmpty()) {
        result = store.append(own.stream(), own.expected(), events);
      } else {
        List<StreamAppend> all = new ArrayList<>();
        all.add(own);
        all.addAll(inline.appends());
        result = store.append(all);
        reportCommitted(inline.appends(), result);
      }
      instance.committed(events, result.version(instance.stream()));
      slot.assumedNew = false; // its append expected exactly its version: the state is current
      counters.dispatched(inline.count());
      if (inline.rejection().isPresent()) {
        counters.rejected();
      }
      return true;
    } catch (WrongExpectedVersionException e) {
      LOG.debug("saga {} {}: conflict on {}, deciding again", saga, instance.key(),
          e.stream());
      if (e.stream().equals(instance.stream())) {
        instances.reload(slot, instance.key());
      } else {
        reportConflict(e.stream());
      }
      return false;
    } catch (DuplicateEventIdException e) {
      instances.reload(slot, instance.key()); // another runner recorded the same events
      return false;
    }
  }

  private void reportCommitted(List<StreamAppend> appends, AppendResult result) {
    reportCommitted(dispatcher, saga, appends, result);
  }

  private void reportConflict(StreamId stream) {
    reportConflict(dispatcher, saga, stream);
  }

  /** Tells the dispatcher its in-step decisions committed; never throws: the step committed. */
  static void reportCommitted(CommandDispatcher dispatcher, String saga,
      List<StreamAppend> appends, AppendResult result) {
    try {
      dispatcher.committedInStep(appends, result);
    } catch (RuntimeException e) {
      LOG.warn("saga {}: the dispatcher failed on the outcome of its in-step decisions: {}",
          saga, e.toString(), e);
    }
  }

  /** Tells the dispatcher a stream it decided on conflicted; never throws. */
  static void reportConflict(CommandDispatcher dispatcher, String saga, StreamId stream) {
    try {
      dispatcher.conflictInStep(stream);
    } catch (RuntimeException e) {
      LOG.warn("saga {}: the dispatcher failed on a conflict on {}: {}", saga, stream,
          e.toString(), e);
    }
  }
}
