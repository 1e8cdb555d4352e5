package dev.eventcore.command;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.EventStoreException;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.snapshot.SnapshotPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Load (snapshot + tail), decide, append, retry, snapshot: {@link AggregateRepository}. */
final class DefaultAggregateRepository<C, S, E> implements AggregateRepository<C, S, E> {
  private static final Logger LOG = LoggerFactory.getLogger(AggregateRepository.class);
  private static final int PAGE = 10_000;

  private final EventStore store;
  private final Decider<C, S, E> decider;
  private final Class<E> eventType;
  private final Retrier retrier;
  private final SnapshotSettings<S> snapshots;
  private final SnapshotPolicy snapshotPolicy;

  DefaultAggregateRepository(AggregateRepository.Builder<C, S, E> builder, Retrier retrier) {
    this.store = builder.store;
    this.decider = builder.decider;
    this.eventType = builder.eventType;
    this.snapshots = builder.snapshots;
    this.snapshotPolicy = builder.snapshotPolicy;
    this.retrier = retrier;
  }

  @Override
  public AggregateState<S> load(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    if (snapshots.enabled()) {
      Optional<Snapshot<S>> snapshot = readSnapshot(stream);
      if (snapshot.isPresent()) {
        Optional<AggregateState<S>> fromSnapshot = loadFrom(snapshot.get());
        if (fromSnapshot.isPresent()) {
          return fromSnapshot.get();
        }
      }
    }
    return fold(stream, decider.initialState(), Version.NONE, readFrom(stream, Version.of(1)));
  }

  @Override
  public CommandResult handle(StreamId stream, C command, CommandContext context) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(context, "context");
    Retrier.Run run = retrier.start(DefaultCommandExecutor.describe(command) + " on " + stream);
    attempts:
    while (true) {
      AggregateState<S> loaded = load(stream);
      List<E> decided =
          List.copyOf(Objects.requireNonNull(decider.decide(command, loaded.state()), "decide"));
      if (decided.isEmpty()) {
        return new CommandResult(Map.of(), Map.of(), run.attempts());
      }
      List<EventData<?>> events = stamp(decided, context);
      while (true) {
        try {
          AppendResult result =
              store.append(stream, ExpectedVersion.exactly(loaded.version()), events);
          Version committed = result.version(stream);
          snapshotAfterCommit(loaded, decided, committed);
          return new CommandResult(
              Map.of(stream, committed), Map.of(stream, events), run.attempts());
        } catch (WrongExpectedVersionException conflict) {
          run.afterConflict(conflict);
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
  public Optional<StreamAppend> decide(StreamId stream, C command, CommandContext context) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(context, "context");
    AggregateState<S> loaded = load(stream);
    List<E> decided =
        List.copyOf(Objects.requireNonNull(decider.decide(command, loaded.state()), "decide"));
    if (decided.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        StreamAppend.of(stream, ExpectedVersion.exactly(loaded.version()), stamp(decided, context)));
  }

  private static <E> List<EventData<?>> stamp(List<E> decided, CommandContext context) {
    List<EventData<?>> events = new ArrayList<>(decided.size());
    for (E event : decided) {
      events.add(context.stamp(EventData.of(event)));
    }
    return events;
  }

  private Optional<Snapshot<S>> readSnapshot(StreamId stream) {
    Optional<Snapshot<S>> snapshot;
    try {
      snapshot = snapshots.store().load(stream, snapshots.stateType);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring the snapshot of {}: it cannot be read ({}); replaying the stream in full",
          stream, e.toString());
      return Optional.empty();
    }
    if (snapshot.isEmpty()) {
      return snapshot;
    }
    Snapshot<S> found = snapshot.get();
    if (found.stateRevision() != snapshots.stateRevision) {
      LOG.warn("Ignoring the snapshot of {} at version {}: its state revision is {}, the current is"
              + " {}; replaying the stream in full",
          stream, found.version(), found.stateRevision(), snapshots.stateRevision);
      return Optional.empty();
    }
    if (!found.stream().equals(stream) || !snapshots.stateType.isInstance(found.state())) {
      LOG.warn("Ignoring the snapshot of {}: it belongs to {} or its state is not a {};"
              + " replaying the stream in full",
          stream, found.stream(), snapshots.stateType.getName());
      return Optional.empty();
    }
    return snapshot;
  }

  /** The state from {@code snapshot} plus the tail; empty when the stream is behind it. */
  private Optional<AggregateState<S>> loadFrom(Snapshot<S> snapshot) {
    // Read from the snapshot's own version to prove the stream has reached it.
    List<RecordedEvent<?>> events = readFrom(snapshot.stream(), snapshot.version());
    if (events.isEmpty() || !events.get(0).version().equals(snapshot.version())) {
      LOG.warn("Ignoring the snapshot of {} at version {}: the stream is behind it (version {});"
              + " replaying the stream in full",
          snapshot.stream(), snapshot.version(), store.currentVersion(snapshot.stream()));
      return Optional.empty();
    }
    return Optional.of(
        fold(snapshot.stream(), snapshot.state(), snapshot.version(), events.subList(1, events.size())));
  }

  private AggregateState<S> fold(
      StreamId stream, S start, Version snapshotVersion, List<RecordedEvent<?>> events) {
    S state = start;
    Version version = snapshotVersion;
    for (RecordedEvent<?> event : events) {
      Object payload = event.payload();
      if (!eventType.isInstance(payload)) {
        throw new IllegalStateException(
            "stream " + stream + " holds an event that is not a " + eventType.getName() + ": "
                + event.describe());
      }
      state = Objects.requireNonNull(decider.evolve(state, eventType.cast(payload)), "evolve");
      version = event.version();
    }
    return new AggregateState<>(stream, version, state, snapshotVersion);
  }

  private List<RecordedEvent<?>> readFrom(StreamId stream, Version from) {
    List<RecordedEvent<?>> all = new ArrayList<>();
    Version next = from;
    while (true) {
      List<RecordedEvent<?>> page = store.readStream(stream, next, PAGE);
      all.addAll(page);
      if (page.size() < PAGE) {
        return all;
      }
      next = page.get(page.size() - 1).version().next();
    }
  }

  /** Writes a snapshot at the committed version if the policy says so; never throws. */
  private void snapshotAfterCommit(AggregateState<S> loaded, List<E> decided, Version committed) {
    if (!snapshots.enabled()) {
      return;
    }
    try {
      if (!snapshotPolicy.shouldSnapshot(loaded.snapshotVersion(), committed)) {
        return;
      }
      if (committed.value() != loaded.version().value() + decided.size()) {
        return; // not our events alone up to committed: never snapshot a state we did not fold
      }
      S state = decider.fold(loaded.state(), decided);
      snapshots.store().save(
          new Snapshot<>(loaded.stream(), committed, snapshots.stateRevision, state));
    } catch (RuntimeException e) {
      LOG.warn("Could not write a snapshot of {} at version {}; the command succeeded: {}",
          loaded.stream(), committed, e.toString());
    }
  }
}
