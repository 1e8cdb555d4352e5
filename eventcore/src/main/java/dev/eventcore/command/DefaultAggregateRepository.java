package dev.eventcore.command;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.EventStoreException;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.internal.ObservedWork;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.snapshot.SnapshotPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load (cache or snapshot, plus tail), decide, append, retry, snapshot: {@link
 * AggregateRepository}.
 *
 * <p>A cached state is decided on optimistically, without reading: the append expects exactly
 * the cached version, so a stale state makes the append fail, and the repository then reads only
 * the events after it. A rejection or an empty decision is final only once a read in the same
 * attempt has shown the state current. {@link #decide} follows the same rules, its caller's append
 * standing in for the repository's; it decides unread only on a state with no decision open (see
 * {@link OpenDecisions}), and learns the outcome through {@link #committed} and {@link
 * #markStale}.
 */
final class DefaultAggregateRepository<C, S, E> implements AggregateRepository<C, S, E> {
  private static final Logger LOG = LoggerFactory.getLogger(AggregateRepository.class);

  private final EventStore store;
  private final Decider<C, S, E> decider;
  private final Retrier retrier;
  private final SnapshotSettings<S> snapshots;
  private final SnapshotPolicy snapshotPolicy;
  private final AggregateLoader<S, E> loader;
  private final OpenDecisions<S, E> open;
  private final Observer observer;

  DefaultAggregateRepository(AggregateRepository.Builder<C, S, E> builder, Retrier retrier) {
    this.store = builder.store;
    this.decider = builder.decider;
    this.snapshots = builder.snapshots;
    this.snapshotPolicy = builder.snapshotPolicy;
    this.retrier = retrier;
    this.observer = Observer.of(builder.observer);
    this.loader = new AggregateLoader<>(
        store, decider, builder.eventType, snapshots, builder.cacheSize, observer);
    this.open = new OpenDecisions<>(builder.cacheSize);
  }

  /** How many streams' states are cached now; for tests. */
  int cachedStreams() {
    return loader.cachedStreams();
  }

  @Override
  public AggregateState<S> load(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    return loader.current(stream, true);
  }

  @Override
  public Optional<StreamAppend> decide(StreamId stream, C command, CommandContext context) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(context, "context");
    // the cached (or assumed new) state unread, unless a decision on it is still open or it was
    // reported stale
    AggregateState<S> loaded = open.mustRead(stream) ? null : loader.unread(stream);
    boolean verified = loaded == null; // whether a read in this call showed the state current
    if (loaded == null) {
      loaded = loader.current(stream);
    }
    Verdict<S, E> verdict;
    try {
      verdict = decideChecked(command, loaded, verified, context.metadata());
    } catch (CommandRejectedException rejected) {
      open.close(stream);
      throw rejected;
    }
    if (verdict.decided().isEmpty()) {
      open.close(stream);
      return Optional.empty();
    }
    List<EventData<?>> events = stamp(verdict.decided(), context);
    open.opened(verdict.state(), verdict.decided(), events, verdict.verified());
    return Optional.of(
        StreamAppend.of(stream, ExpectedVersion.exactly(verdict.state().version()), events));
  }

  @Override
  public void committed(StreamAppend append, AppendResult result) {
    Objects.requireNonNull(append, "append");
    Objects.requireNonNull(result, "result");
    StreamId stream = append.stream();
    Version committed = result.version(stream);
    OpenDecisions.Open<S, E> decision = open.take(stream);
    if (decision == null || !decision.madeBy(append)
        || !append.expected().equals(ExpectedVersion.exactly(decision.base().version()))) {
      // not the append this repository last decided: never fold events it did not decide, but
      // keep the cached state (a true fold at its version) as the start of the next read
      markStale(stream);
      return;
    }
    loader.committedOn(decision.base(), decision.read());
    if (!afterCommit(decision.base(), decision.decided(), committed) && loader.caching()) {
      open.stale(loader.initial(stream)); // exists, state unknown: the next decision reads it
    }
  }

  @Override
  public void markStale(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    AggregateState<S> cached = loader.cached(stream);
    // without a cached state, the next decision must not assume the stream new again
    open.stale(cached == null ? loader.initial(stream) : cached);
  }

  @Override
  public CommandResult handle(StreamId stream, C command, CommandContext context) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(context, "context");
    return observer == Observer.NONE
        ? run(stream, command, context)
        : CommandObservation.observe(observer, command, context.metadata(),
            () -> run(stream, command, context), CommandResult::attempts);
  }

  private CommandResult run(StreamId stream, C command, CommandContext context) {
    Retrier.Run run = retrier.start(DefaultCommandExecutor.describe(command) + " on " + stream);
    AggregateState<S> loaded = loader.unread(stream);
    boolean verified = loaded == null; // whether a read in this attempt showed the state current
    if (loaded == null) {
      loaded = loader.loadFresh(stream);
    }
    attempts:
    while (true) {
      Verdict<S, E> verdict = decideChecked(command, loaded, verified, Metadata.empty());
      loaded = verdict.state();
      verified = verdict.verified();
      List<E> decided = verdict.decided();
      if (decided.isEmpty()) {
        return new CommandResult(Map.of(), Map.of(), run.attempts());
      }
      List<EventData<?>> events = stamp(decided, context);
      while (true) {
        try {
          AppendResult result =
              store.append(stream, ExpectedVersion.exactly(loaded.version()), events);
          Version committed = result.version(stream);
          loader.committedOn(loaded, verified);
          afterCommit(loaded, decided, committed);
          return new CommandResult(
              Map.of(stream, committed), Map.of(stream, events), run.attempts());
        } catch (WrongExpectedVersionException conflict) {
          if (verified) {
            run.afterConflict(conflict); // a real race with another writer: back off
          } // else only our cached state was stale: read what is new at once
          loaded = loader.catchUp(loaded);
          verified = true;
          continue attempts;
        } catch (EventStoreException failure) {
          if (!failure.isRetryable()) {
            throw failure;
          }
          run.afterTransientFailure(failure);
        }
      }
    }
  }

  @Override
  public AggregateState<S> handleAndGet(StreamId stream, C command, CommandContext context) {
    CommandResult result = handle(stream, command, context);
    Version written = result.versions().get(stream);
    AggregateState<S> cached = loader.cached(stream);
    // the cache holds the state folded with the written events, or the state read to decide
    // nothing; a later one only if another command on the stream committed since
    if (cached != null && (written == null || cached.version().compareTo(written) >= 0)) {
      return cached;
    }
    return loader.current(stream);
  }

  /** A decision, the state it was made on, and whether a read showed that state current. */
  private record Verdict<S, E>(AggregateState<S> state, List<E> decided, boolean verified) {}

  /**
   * Decides on {@code loaded}. A rejection or an empty decision stands only on a state a read
   * showed current: on an unverified (cached) state the stream's tail is read first, and if it
   * holds anything new the command is decided again on the newer state. A non-empty decision on
   * an unverified state is verified by its append, which expects exactly that state's version.
   * A {@link WorkKind#DECIDE} for the observer ({@code cause}: the command's).
   */
  private Verdict<S, E> decideChecked(
      C command, AggregateState<S> loaded, boolean verified, Metadata cause) {
    return observer == Observer.NONE ? verdict(command, loaded, verified)
        : ObservedWork.call(observer, WorkKind.DECIDE, DefaultCommandExecutor.describe(command),
            cause, () -> verdict(command, loaded, verified));
  }

  private Verdict<S, E> verdict(C command, AggregateState<S> loaded, boolean verified) {
    AggregateState<S> state = loaded;
    boolean read = verified;
    while (true) {
      List<E> decided;
      try {
        decided = decideOn(command, state);
      } catch (CommandRejectedException rejected) {
        if (read) {
          throw rejected;
        }
        AggregateState<S> current = loader.catchUp(state);
        read = true;
        if (current.version().equals(state.version())) {
          throw rejected;
        }
        state = current;
        continue;
      }
      if (decided.isEmpty() && !read) {
        AggregateState<S> current = loader.catchUp(state);
        read = true;
        if (!current.version().equals(state.version())) {
          state = current;
          continue;
        }
      }
      return new Verdict<>(state, decided, read);
    }
  }

  private List<E> decideOn(C command, AggregateState<S> loaded) {
    return List.copyOf(Objects.requireNonNull(decider.decide(command, loaded.state()), "decide"));
  }

  private static <E> List<EventData<?>> stamp(List<E> decided, CommandContext context) {
    List<EventData<?>> events = new ArrayList<>(decided.size());
    for (E event : decided) {
      events.add(context.stamp(EventData.of(event)));
    }
    return events;
  }

  /**
   * Caches the state after the commit, and writes a snapshot of it if the policy says so; whether
   * the state after the commit is known (cached, or not cached by choice). Never throws: the
   * command has succeeded.
   */
  private boolean afterCommit(AggregateState<S> loaded, List<E> decided, Version committed) {
    StreamId stream = loaded.stream();
    if (committed.value() != loaded.version().value() + decided.size()) {
      // not our events alone up to committed: never keep a state we did not fold
      loader.forget(stream);
      return false;
    }
    if (!loader.caching() && !snapshots.enabled()) {
      return true;
    }
    S state;
    try {
      state = decider.fold(loaded.state(), decided);
    } catch (RuntimeException e) {
      loader.forget(stream);
      LOG.warn("Could not fold the events just written to {} at version {}; the command succeeded:"
          + " {}", stream, committed, e.toString(), e);
      return false;
    }
    Version snapshotVersion = loaded.snapshotVersion();
    if (snapshots.enabled()) {
      try {
        if (snapshotPolicy.shouldSnapshot(snapshotVersion, committed)) {
          snapshots.store().save(
              new Snapshot<>(stream, committed, snapshots.stateRevision, state));
          snapshotVersion = committed;
        }
      } catch (RuntimeException e) {
        LOG.warn("Could not write a snapshot of {} at version {}; the command succeeded: {}",
            stream, committed, e.toString(), e);
      }
    }
    loader.remember(new AggregateState<>(stream, committed, state, snapshotVersion));
    return true;
  }
}
