package dev.eventcore.saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a saga decided for one trigger, as data: facts to record in its stream, commands to
 * dispatch (in order), timeouts to schedule or cancel, and whether the saga is complete. Immutable;
 * each method returns a new step.
 *
 * <pre>{@code
 * SagaStep.record(new PaymentRequested(amount))
 *     .dispatch(new ChargePayment(orderId, amount))
 *     .schedule("payment", Duration.ofSeconds(30));
 * SagaStep.<MyEvent>none().dispatch(new ReleaseStock(orderId)).complete();   // compensation
 * }</pre>
 *
 * @param events the saga's new facts, folded into its state with {@link Saga#evolve}
 * @param commands the commands to dispatch, in order
 * @param timeouts the timeouts to schedule
 * @param cancelledTimeouts the names of pending timeouts to cancel
 * @param completes whether the saga ends after this step (its pending timeouts are cancelled)
 * @param <E> the saga's event type
 *
 * @since 0.1.0
 */
public record SagaStep<E>(
    List<E> events,
    List<Object> commands,
    List<Timeout> timeouts,
    List<String> cancelledTimeouts,
    boolean completes) {

  /** Validates and copies the lists. */
  public SagaStep {
    events = List.copyOf(events);
    commands = List.copyOf(commands);
    timeouts = List.copyOf(timeouts);
    cancelledTimeouts = List.copyOf(cancelledTimeouts);
  }

  /** A step that does nothing. */
  public static <E> SagaStep<E> none() {
    return new SagaStep<>(List.of(), List.of(), List.of(), List.of(), false);
  }

  /** A step recording {@code events}. */
  @SafeVarargs
  public static <E> SagaStep<E> record(E... events) {
    List<E> list = new ArrayList<>();
    for (E event : events) {
      list.add(Objects.requireNonNull(event, "event"));
    }
    return new SagaStep<>(list, List.of(), List.of(), List.of(), false);
  }

  /** This step, also recording {@code event}. */
  public SagaStep<E> andRecord(E event) {
    return new SagaStep<>(plus(events, event), commands, timeouts, cancelledTimeouts, completes);
  }

  /** This step, also dispatching {@code command} (after the commands already in it). */
  public SagaStep<E> dispatch(Object command) {
    return new SagaStep<>(events, plus(commands, command), timeouts, cancelledTimeouts, completes);
  }

  /** This step, also scheduling the timeout {@code name} to fire {@code after} from now. */
  public SagaStep<E> schedule(String name, Duration after) {
    return new SagaStep<>(
        events, commands, plus(timeouts, new Timeout(name, after)), cancelledTimeouts, completes);
  }

  /** This step, also cancelling the pending timeouts named {@code name} (none is fine). */
  public SagaStep<E> cancel(String name) {
    return new SagaStep<>(
        events, commands, timeouts, plus(cancelledTimeouts, Timeout.checkName(name)), completes);
  }

  /** This step, ending the saga: later events are ignored and pending timeouts cancelled. */
  public SagaStep<E> complete() {
    return new SagaStep<>(events, commands, timeouts, cancelledTimeouts, true);
  }

  /** Whether the step has no effect at all. */
  public boolean isEmpty() {
    return events.isEmpty()
        && commands.isEmpty()
        && timeouts.isEmpty()
        && cancelledTimeouts.isEmpty()
        && !completes;
  }

  private static <T> List<T> plus(List<T> list, T item) {
    Objects.requireNonNull(item, "item");
    List<T> next = new ArrayList<>(list);
    next.add(item);
    return next;
  }

  /**
   * A timeout to schedule.
   *
   * @param name 1 to 100 characters, how the saga recognises it in {@link Saga#onTimeout}
   * @param after not negative
   */
  public record Timeout(String name, Duration after) {
    /** Validates the arguments. */
    public Timeout {
      checkName(name);
      Objects.requireNonNull(after, "after");
      if (after.isNegative()) {
        throw new IllegalArgumentException("timeout " + name + " is " + after + "; it must not be negative");
      }
    }

    static String checkName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.length() > 100) {
        throw new IllegalArgumentException(
            "timeout name '" + name + "' has " + name.length() + " characters; allowed: 1 to 100");
      }
      return name;
    }
  }
}
