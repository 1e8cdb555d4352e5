package dev.eventcore.saga;

import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.command.CommandRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The booking services as a dispatcher that decides in the saga's step: doing step n of a booking
 * is the event {@code StepDone(key, n)} on the stream {@code ledger-<key>}, written by the runner
 * in the same append as the step; an undo is {@link Undone}. Keys (or {@code key:step} for one
 * step) in {@link #afterCommit} are left to after-commit dispatch instead (which writes the same events itself); step 2 of keys in
 * {@link #refuseStep2} is rejected. Thread-safe.
 */
final class InStepServices implements CommandDispatcher {
  /** The effect of an undo. */
  record Undone(String key, int step) {}

  private final EventStore store;
  final Set<String> afterCommit = ConcurrentHashMap.newKeySet();
  final Set<String> refuseStep2 = ConcurrentHashMap.newKeySet();
  final AtomicInteger decisions = new AtomicInteger();
  final AtomicInteger dispatches = new AtomicInteger();
  /** Runs after a decision was made, before the runner appends it (to inject a racing writer). */
  /** While set, after-commit dispatch fails before any effect. */
  volatile boolean down;
  volatile Consumer<SagaCommand> afterDeciding = command -> { };

  InStepServices(EventStore store) {
    this.store = store;
  }

  static StreamId ledger(String key) {
    return StreamId.of("ledger", key);
  }

  @Override
  public Optional<List<StreamAppend>> decideInStep(SagaCommand command) {
    Booking.Cmd cmd = (Booking.Cmd) command.command();
    int step = cmd instanceof Booking.Do ? ((Booking.Do) cmd).step() : 0;
    if (afterCommit.contains(cmd.key()) || afterCommit.contains(cmd.key() + ":" + step)) {
      return Optional.empty();
    }
    decisions.incrementAndGet();
    StreamAppend append = decide(command);
    afterDeciding.accept(command);
    return Optional.of(List.of(append));
  }

  @Override
  public Outcome dispatch(SagaCommand command) {
    if (down) {
      throw new IllegalStateException("injected: service down");
    }
    dispatches.incrementAndGet();
    try {
      StreamAppend append = decide(command);
      EventData<?> effect = append.events().get(0);
      UUID id = UUID.nameUUIDFromBytes(("effect:" + command.id()).getBytes(StandardCharsets.UTF_8));
      store.append(append.stream(), ExpectedVersion.any(),
          List.of(new EventData<>(EventId.of(id), effect.payload(), effect.metadata())));
      return Outcome.accepted();
    } catch (CommandRejectedException e) {
      return Outcome.rejected(e.reason());
    } catch (DuplicateEventIdException e) {
      return Outcome.accepted(); // done before: deduplicated on the command id
    }
  }

  private StreamAppend decide(SagaCommand command) {
    Booking.Cmd cmd = (Booking.Cmd) command.command();
    Object effect;
    if (cmd instanceof Booking.Do) {
      int step = ((Booking.Do) cmd).step();
      if (step == 2 && refuseStep2.contains(cmd.key())) {
        throw new CommandRejectedException("step 2 refused");
      }
      effect = new Booking.StepDone(cmd.key(), step);
    } else {
      effect = new Undone(cmd.key(), ((Booking.Undo) cmd).step());
    }
    StreamId stream = ledger(cmd.key());
    Metadata caused = Metadata.empty().withCausationId(command.id().toString());
    return StreamAppend.of(stream, ExpectedVersion.exactly(store.currentVersion(stream)),
        List.of(new EventData<>(EventId.random(), effect, caused)));
  }
}
