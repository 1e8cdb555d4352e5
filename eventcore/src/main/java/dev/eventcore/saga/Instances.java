package dev.eventcore.saga;

import dev.eventcore.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The saga instances a runner keeps in memory, each behind its own lock: one instance's steps and
 * commands run one at a time, different instances in parallel. The lock is held for a step and
 * for recording a dispatch, never across an after-commit dispatch (see {@link Slot#dispatching}).
 * Readers ({@link #open()}, {@link #openViews()}) never take an instance's lock: they see the
 * view published after each change.
 * Completed instances with nothing left to do leave memory.
 */
final class Instances<S, E> {
  /** How many completed instances {@link #completed} keeps. */
  static final int COMPLETED_KEPT = 1_024;

  private final SagaStreams<S, E> streams;
  private final Map<String, Slot<S, E>> slots = new ConcurrentHashMap<>();
  private final Set<String> open = ConcurrentHashMap.newKeySet();
  /** The open instances a tick must visit whatever the clock: commands or a rejection owed. */
  private final Set<String> retrying = ConcurrentHashMap.newKeySet();
  private final DueIndex due = new DueIndex();
  /**
   * The instances that completed last, gone from {@link #slots}: an event that still comes for one
   * (one its own last step wrote, say) finds it completed without reading its stream. A completed
   * instance never changes again, so what is kept stays true.
   */
  private final Map<String, InstanceState<S, E>> completed = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InstanceState<S, E>> eldest) {
          return size() > COMPLETED_KEPT;
        }
      });

  Instances(SagaStreams<S, E> streams) {
    this.streams = streams;
  }

  /** One instance: its lock, its state (guarded by the lock) and its published view. */
  static final class Slot<S, E> {
    final ReentrantLock lock = new ReentrantLock();
    @Nullable InstanceState<S, E> state;
    volatile @Nullable SagaInstance<S> view;
    boolean retired;
    /** False for a state read by recovery, which may have changed since: reread on first use. */
    boolean verified = true;
    /**
     * True for a key met for the first time and taken to be a new instance without reading its
     * stream. A step decided on it appends expecting no stream, with a marker whose id is new, so
     * the append fails if the instance exists after all (even as a replay of the very same step)
     * and the stream is read; a step that decides nothing reads it first.
     */
    boolean assumedNew;
    /** The command a thread is dispatching after commit, outside the lock; null for none. */
    @Nullable SagaCommand dispatching;

    /** The state, loaded; only under the lock. */
    InstanceState<S, E> state() {
      if (state == null) {
        throw new IllegalStateException("instance not loaded");
      }
      return state;
    }
  }

  /**
   * Runs {@code work} on instance {@code key} under its lock, loading it from its stream if it is
   * not in memory, then publishes its view.
   */
  <T> T with(String key, Function<Slot<S, E>, T> work) {
    return with(key, Unread.NONE, work);
  }

  /**
   * {@link #with}, but a key not in memory is taken to be a new instance, unread ({@link
   * Slot#assumedNew}): the event that starts an instance is what most first steps are for.
   */
  <T> T withAssumingNew(String key, Function<Slot<S, E>, T> work) {
    return with(key, Unread.NEW, work);
  }

  /**
   * {@link #withAssumingNew}, for {@code work} that takes in events just appended to the instance's
   * stream on the version the caller decided on: an instance assumed new is not read, since that
   * append succeeded only if it was new indeed (the work compares versions and reads on a
   * mismatch).
   */
  <T> T withWritten(String key, Function<Slot<S, E>, T> work) {
    return with(key, Unread.WRITTEN, work);
  }

  /** What {@link #with} may take without reading the instance's stream. */
  private enum Unread {
    /** Nothing: an instance not in memory, or assumed new, is read. */
    NONE,
    /** An instance not in memory is taken to be new. */
    NEW,
    /** As {@link #NEW}, and an instance assumed new stays so: the caller's append proves it. */
    WRITTEN
  }

  private <T> T with(String key, Unread unread, Function<Slot<S, E>, T> work) {
    while (true) {
      Slot<S, E> slot = slots.computeIfAbsent(key, k -> new Slot<>());
      slot.lock.lock();
      try {
        if (slot.retired) {
          continue; // left memory while we waited; take the new slot
        }
        if (slot.state == null) {
          slot.state = completed.get(key); // null unless it completed lately
        }
        if (slot.state == null && unread != Unread.NONE) {
          slot.state = streams.newInstance(key, streams.streamOf(key));
          slot.assumedNew = true;
        } else if (slot.state != null && !slot.verified) {
          reload(slot, key); // recovered, or its last read failed: what it still owes is kept
          slot.verified = true;
        } else if (slot.state == null || (slot.assumedNew && unread != Unread.WRITTEN)) {
          slot.state = streams.load(key);
          slot.verified = true;
          slot.assumedNew = false;
        }
        try {
          return work.apply(slot);
        } finally {
          publish(key, slot);
        }
      } finally {
        slot.lock.unlock();
      }
    }
  }

  /**
   * Replaces the instance by what its stream holds now (after a conflict); under the lock. When the
   * read fails, the instance keeps its state and its place among the open, retrying and due
   * instances (a tick comes back to it), marked to be read before any work on it.
   */
  void reload(Slot<S, E> slot, String key) {
    InstanceState<S, E> old = slot.state;
    InstanceState<S, E> fresh;
    try {
      fresh = streams.load(key);
    } catch (RuntimeException e) {
      slot.verified = false;
      throw e;
    }
    slot.assumedNew = false;
    if (old != null) {
      for (dev.eventcore.EventData<?> marker : old.deferred()) {
        fresh.defer(marker); // still owed to the stream, unless the stream has it now
      }
    }
    slot.state = fresh;
  }

  /**
   * Puts an instance read elsewhere (recovery) in memory unless it is there already. Its events may
   * have moved on while recovery read them (a step taken, the instance completed and gone from
   * memory), so the first work on it reads its stream again.
   */
  void offer(InstanceState<S, E> loaded) {
    Slot<S, E> slot = new Slot<>();
    slot.state = loaded;
    slot.verified = false;
    slot.lock.lock();
    try {
      if (slots.putIfAbsent(loaded.key(), slot) == null) {
        publish(loaded.key(), slot);
      }
    } finally {
      slot.lock.unlock();
    }
  }

  @SuppressWarnings("ReferenceEquality") // an unchanged state gives the very same view
  private void publish(String key, Slot<S, E> slot) {
    InstanceState<S, E> state = slot.state;
    if (state == null) {
      slot.view = null;
      open.remove(key);
      retrying.remove(key);
      due.set(key, null);
      return;
    }
    SagaInstance<S> view = state.view();
    if (view == slot.view) {
      return; // unchanged since it was last published
    }
    slot.view = view;
    due.set(key, earliestDue(view));
    if (state.owesDispatch()) {
      retrying.add(key);
    } else {
      retrying.remove(key);
    }
    if (state.hasPendingWork()) {
      open.add(key);
    } else {
      open.remove(key);
      // a completed instance, or a key whose events started nothing, leaves memory
      if (state.completed() || state.version().equals(Version.NONE)) {
        slot.retired = true;
        slots.remove(key, slot);
        if (state.completed()) {
          completed.put(key, state);
        }
      }
    }
  }

  private static @Nullable Instant earliestDue(SagaInstance<?> view) {
    Instant earliest = null;
    for (SagaEvent.TimeoutScheduled timeout : view.pendingTimeouts()) {
      if (earliest == null || timeout.due().isBefore(earliest)) {
        earliest = timeout.due();
      }
    }
    return earliest;
  }

  /** The keys of every instance in memory. */
  List<String> keys() {
    return new ArrayList<>(slots.keySet());
  }

  /** The keys of the instances with commands to dispatch or a rejection to react to. */
  Set<String> retrying() {
    return Collections.unmodifiableSet(retrying); // a live view: a tick copies what it needs
  }

  /** The keys of the instances with a pending timeout due at or before {@code now}. */
  List<String> dueBy(Instant now) {
    return due.dueBy(now);
  }

  /** The keys of instances with pending work, sorted. */
  List<String> open() {
    List<String> keys = new ArrayList<>(open);
    Collections.sort(keys);
    return keys;
  }

  /** The last published view of every instance with pending work, sorted by key. */
  List<SagaInstance<S>> openViews() {
    List<SagaInstance<S>> views = new ArrayList<>();
    for (String key : open()) {
      Slot<S, E> slot = slots.get(key);
      SagaInstance<S> view = slot == null ? null : slot.view;
      if (view != null) {
        views.add(view);
      }
    }
    return views;
  }
}
