package dev.eventcore.saga;

import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The services the booking saga drives, as its dispatcher, with faults: transient failures before
 * the effect, lost acknowledgements after it, step 2 refused for some bookings, step 3 never
 * answered for others. Effects are deduplicated by command id, as a real idempotent service does;
 * {@link #effects} counts those that took place.
 */
final class BookingServices implements CommandDispatcher {
  private final EventStore store;
  private final Random random;
  private final double transientRate;
  final Set<String> failStep2 = new HashSet<>();
  final Set<String> hangStep3 = new HashSet<>();
  final Map<String, Integer> effects = new HashMap<>();
  private final Set<EventId> applied = new HashSet<>();
  int calls;

  BookingServices(EventStore store, long seed, double transientRate) {
    this.store = store;
    this.random = new Random(seed);
    this.transientRate = transientRate;
  }

  int effect(String key, String what) {
    return effects.getOrDefault(key + ":" + what, 0);
  }

  @Override
  public Outcome dispatch(SagaCommand command) {
    calls++;
    if (random.nextDouble() < transientRate) {
      throw new IllegalStateException("injected: service unavailable");
    }
    Booking.Cmd cmd = (Booking.Cmd) command.command();
    if (cmd instanceof Booking.Do) {
      int step = ((Booking.Do) cmd).step();
      if (step == 2 && failStep2.contains(cmd.key())) {
        return Outcome.rejected("step 2 refused");
      }
      if (step == 3 && hangStep3.contains(cmd.key())) {
        return Outcome.accepted(); // taken, but the answer never comes
      }
      apply(command, cmd.key() + ":do" + step);
      reply(command, new Booking.StepDone(cmd.key(), step));
    } else {
      apply(command, cmd.key() + ":undo" + ((Booking.Undo) cmd).step());
    }
    if (random.nextDouble() < transientRate) {
      throw new IllegalStateException("injected: acknowledgement lost");
    }
    return Outcome.accepted();
  }

  private void apply(SagaCommand command, String effect) {
    if (applied.add(command.id())) {
      effects.merge(effect, 1, Integer::sum);
    }
  }

  private void reply(SagaCommand command, Object answer) {
    UUID id = UUID.nameUUIDFromBytes(("reply:" + command.id()).getBytes(StandardCharsets.UTF_8));
    try {
      store.append(StreamId.of("service", command.key()), ExpectedVersion.any(),
          List.of(new EventData<>(EventId.of(id), answer, Metadata.empty())));
    } catch (DuplicateEventIdException e) {
      // answered already
    }
  }
}
