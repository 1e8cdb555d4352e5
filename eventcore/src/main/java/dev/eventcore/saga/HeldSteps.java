package dev.eventcore.saga;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.internal.ObservedWork;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps a runner fed by its projection has decided but not yet written, so that the steps of
 * several instances share one multi-stream append and one commit. A step is held only when
 * nothing held touches its streams (its instance's, or one its in-step decisions write): each
 * decision is then made on everything it depends on. The held steps are written together when
 * {@link #MAX_HELD} are held or the first was held 20 ms, when the subscription catches up, and
 * before an event of an instance already held; if that append conflicts, the events are taken again one at a time as an
 * unbatched runner takes them. The projection's settled position stays before the first held event
 * ({@link #settledUpTo}), so a crash loses nothing held: those events come again. Used only on the
 * subscription's thread, but for {@link #settledUpTo}.
 */
final class HeldSteps<S, E> {
  private static final Logger LOG = LoggerFactory.getLogger(HeldSteps.class);
  /** The most steps written in one append. */
  static final int MAX_HELD = 64;
  /** The longest a step is held while events keep coming without the subscription catching up. */
  private static final long MAX_HOLD_MILLIS = 20;

  /** A decided step: its append (the instance's events and its in-step decisions). */
  record Step(String key, Version expected, List<EventData<?>> events, StreamAppend own,
      InlineDecisions inline) {
    List<StreamId> streams() {
      List<StreamId> streams = new ArrayList<>();
      streams.add(own.stream());
      inline.appends().forEach(append -> streams.add(append.stream()));
      return streams;
    }
  }

  /** One delivered event, with the step held for it (null for an event that needs none). */
  private record Entry(RecordedEvent<?> event, @Nullable Step step) {}

  private final EventStore store;
  private final Saga<S, E> saga;
  private final CommandDispatcher dispatcher;
  private final Clock clock;
  private final SagaStreams<S, E> streams;
  private final List<Entry> entries = new ArrayList<>();
  private final Set<StreamId> touched = new HashSet<>();
  private final Set<String> keys = new HashSet<>();
  private int steps;
  /** Held steps that write streams outside the saga's (commands decided in the step). */
  private int targets;
  private long heldSince;
  /** The settled position while something is held (before its first event); -1 when not. */
  private volatile long floor = -1;

  HeldSteps(EventStore store, Saga<S, E> saga, CommandDispatcher dispatcher, Clock clock,
      SagaStreams<S, E> streams) {
    this.store = store;
    this.saga = saga;
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.streams = streams;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  boolean holds(String key) {
    return keys.contains(key);
  }

  /** Whether what is held must be written now: {@link #MAX_HELD} steps, or held too long. */
  boolean full() {
    return steps >= MAX_HELD
        || (!entries.isEmpty() && clock.millis() - heldSince > MAX_HOLD_MILLIS);
  }

  /** {@code handled}, or the position before the first held event while something is held. */
  GlobalPosition settledUpTo(GlobalPosition handled) {
    long held = floor;
    return held < 0 || held >= handled.value() ? handled : GlobalPosition.of(held);
  }

  /**
   * What {@link #decide} concluded: a step to hold, or none, when the event is taken now as an
   * unbatched runner takes it ({@code flushFirst}: after writing what is held, whose streams its
   * step touches).
   */
  record Decision(@Nullable Step step, boolean flushFirst) {
    static final Decision TAKE_NOW = new Decision(null, false);
    static final Decision FLUSH_FIRST = new Decision(null, true);
  }

  /**
   * Decides the step of {@code trigger} on the instance, under its lock, without writing it. Not
   * held: a step that writes nothing (a duplicate, an empty step, a new instance that decides
   * nothing), an instance with an outbox to work off first, or a step whose streams something
   * held touches.
   */
  Decision decide(Instances.Slot<S, E> slot, Trigger.Event trigger, Observer observer) {
    if (observer == Observer.NONE) {
      return decide(slot, trigger, Metadata.empty());
    }
    // observed, the step's scope covers its decision; its write is the batch's
    return ObservedWork.call(observer, WorkKind.SAGA_STEP, saga.name(),
        trigger.cause(slot.state()), () -> decide(slot, trigger, observer.appendMetadata()));
  }

  private Decision decide(Instances.Slot<S, E> slot, Trigger.Event trigger, Metadata trace) {
    InstanceState<S, E> instance = slot.state();
    if (touched.contains(instance.stream())) {
      return Decision.FLUSH_FIRST;
    }
    if (instance.completed() || instance.handled(trigger.id())
        || instance.owesDispatch()) {
      return Decision.TAKE_NOW;
    }
    SagaStep<E> step = trigger.apply(saga, instance.state());
    if (step.isEmpty()) {
      return Decision.TAKE_NOW; // a deferred marker or nothing: no write either way
    }
    List<EventId> ids = streams.commandIds(instance, trigger, step);
    List<SagaCommand> commands = InlineDecisions.commands(saga.name(), instance, ids, step);
    if (InlineDecisions.writesAny(dispatcher, commands, touched)) {
      return Decision.FLUSH_FIRST; // known before deciding: nothing decided to discard
    }
    InlineDecisions inline = InlineDecisions.decide(dispatcher, commands, instance.stream());
    for (StreamAppend append : inline.appends()) {
      if (touched.contains(append.stream())) {
        return Decision.FLUSH_FIRST; // decided without the held events of that stream
      }
    }
    if (inline.blind() && targets > 0) {
      // a refusal or a no-op on a stream it does not name: perhaps one a held step writes, so
      // perhaps decided without its events; taken again after the write
      return Decision.FLUSH_FIRST;
    }
    List<EventData<?>> events = streams.stepEvents(instance, trigger, step, ids, clock.instant(),
        inline.count(), inline.rejection(), trace, slot.assumedNew);
    StreamAppend own = StreamAppend.of(instance.stream(),
        ExpectedVersion.exactly(instance.version()), events);
    return new Decision(new Step(instance.key(), instance.version(), events, own, inline), false);
  }

  /** Holds {@code event}, with its step if it has one; {@code settled}: where it was before. */
  void hold(RecordedEvent<?> event, @Nullable Step step, GlobalPosition settled) {
    if (entries.isEmpty()) {
      floor = settled.value();
      heldSince = clock.millis();
    }
    entries.add(new Entry(event, step));
    if (step != null) {
      steps++;
      keys.add(step.key());
      touched.addAll(step.streams());
      targets += step.inline().appends().isEmpty() ? 0 : 1;
    }
  }

  /**
   * Writes the held steps in one append and, on success, hands each to {@code committed}; false
   * after a conflict, when nothing was written and the held events must be taken again one at a
   * time. Either way they stay held (the settled position before them) until {@link #release()}.
   */
  boolean write(Committer<S, E> committed) {
    List<StreamAppend> appends = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.step() != null) {
        appends.add(entry.step().own());
        appends.addAll(entry.step().inline().appends());
      }
    }
    if (!appends.isEmpty()) {
      AppendResult result;
      try {
        result = store.append(appends);
      } catch (WrongExpectedVersionException | DuplicateEventIdException e) {
        LOG.debug("saga {}: {} held steps conflicted; taking them one at a time: {}", saga.name(),
            steps, e.toString());
        if (e instanceof WrongExpectedVersionException conflict
            && !conflict.stream().category().equals(streams.category())) {
          InstanceAppender.reportConflict(dispatcher, saga.name(), conflict.stream());
        }
        return false;
      }
      for (Entry entry : entries) {
        if (entry.step() != null) {
          if (!entry.step().inline().appends().isEmpty()) {
            InstanceAppender.reportCommitted(
                dispatcher, saga.name(), entry.step().inline().appends(), result);
          }
          committed.committed(entry.step(), result);
        }
      }
    }
    return true;
  }

  /** The held events, in delivery order. */
  List<RecordedEvent<?>> events() {
    List<RecordedEvent<?>> events = new ArrayList<>(entries.size());
    entries.forEach(entry -> events.add(entry.event()));
    return events;
  }

  /** The held events with a step, in delivery order: what a conflict leaves to take again. */
  List<RecordedEvent<?>> stepped() {
    List<RecordedEvent<?>> events = new ArrayList<>(steps);
    for (Entry entry : entries) {
      if (entry.step() != null) {
        events.add(entry.event());
      }
    }
    return events;
  }

  /** Forgets the held events: every one of them was handled. */
  void release() {
    entries.clear();
    touched.clear();
    keys.clear();
    steps = 0;
    targets = 0;
    floor = -1;
  }

  /** Takes a written step into its instance. */
  @FunctionalInterface
  interface Committer<S, E> {
    void committed(Step step, AppendResult result);
  }
}
