package dev.eventcore.saga;

import dev.eventcore.AppendResult;
import dev.eventcore.EventStore;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandContext;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The booking services through an {@link AggregateRepository} of ledgers, decided in the saga's
 * step: a ledger's state is the count of its events; {@code Do} appends {@link Booking.StepDone}
 * (step 2 refused while the ledger holds exactly {@link #refuseStep2At} events), {@code Undo}
 * an {@link InStepServices.Undone}. Forwards the runner's reports to the repository when {@code
 * reporting}. Thread-safe.
 */
final class LedgerRepositoryServices implements CommandDispatcher {
  final AggregateRepository<Booking.Cmd, Integer, Object> ledgers;
  private final boolean reporting;
  /** Step 2 is refused while the ledger holds exactly this many events; -1: never. */
  volatile int refuseStep2At = -1;
  /** Runs after a decision was made, before the runner appends it (to inject a racing writer). */
  volatile Consumer<SagaCommand> afterDeciding = command -> { };

  LedgerRepositoryServices(EventStore store, boolean reporting) {
    this.ledgers = AggregateRepository.of(store, Decider.of(0, (count, event) -> count + 1,
        (Booking.Cmd command, Integer count) -> {
          if (command instanceof Booking.Do) {
            int step = ((Booking.Do) command).step();
            if (step == 2 && count == refuseStep2At) {
              throw new CommandRejectedException("step 2 refused");
            }
            return List.of(new Booking.StepDone(command.key(), step));
          }
          return List.of(new InStepServices.Undone(command.key(), ((Booking.Undo) command).step()));
        }), Object.class);
    this.reporting = reporting;
  }

  @Override
  public Optional<List<StreamAppend>> decideInStep(SagaCommand command) {
    Booking.Cmd cmd = (Booking.Cmd) command.command();
    Optional<StreamAppend> append = ledgers.decide(InStepServices.ledger(cmd.key()), cmd,
        CommandContext.of(cmd.key(), command.id().toString()));
    afterDeciding.accept(command);
    return Optional.of(append.map(List::of).orElse(List.of()));
  }

  @Override
  public void committedInStep(List<StreamAppend> appends, AppendResult result) {
    if (reporting) {
      appends.forEach(append -> ledgers.committed(append, result));
    }
  }

  @Override
  public void conflictInStep(StreamId stream) {
    if (reporting) {
      ledgers.markStale(stream);
    }
  }

  @Override
  public Outcome dispatch(SagaCommand command) {
    throw new IllegalStateException("every command is decided in the step");
  }
}
