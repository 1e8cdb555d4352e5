package dev.eventcore.command;

import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import java.util.List;

/**
 * A command with its own consistency boundary: the streams it reads, how their events fold into a
 * state, and what it decides. {@link CommandExecutor} runs it: reads the streams, folds, decides,
 * appends atomically with the versions it read as expected versions, retries on conflict.
 *
 * <p>The bank transfer, atomic across two account streams:
 *
 * <pre>{@code
 * record Transfer(StreamId from, StreamId to, long amount) implements Command<Map<StreamId, Long>> {
 *   public List<StreamId> streams() { return List.of(from, to); }
 *   public Map<StreamId, Long> initialState() { return Map.of(); }
 *   public Map<StreamId, Long> evolve(Map<StreamId, Long> balances, RecordedEvent<?> event) {
 *     long delta = event.payload() instanceof Deposited d ? d.amount() : -((Withdrawn) event.payload()).amount();
 *     Map<StreamId, Long> next = new HashMap<>(balances);
 *     next.merge(event.streamId(), delta, Long::sum);
 *     return next;
 *   }
 *   public Decision decide(Map<StreamId, Long> balances, StreamsRead read) {
 *     if (balances.getOrDefault(from, 0L) < amount) {
 *       throw new CommandRejectedException("insufficient funds in " + from);
 *     }
 *     return Decision.append(from, new Withdrawn(amount)).and(to, new Deposited(amount));
 *   }
 * }
 * }</pre>
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>{@link #decide} may write only to streams that were read (those of {@link #streams()} and
 *       any added with {@link Decision#readAlso}); a write elsewhere fails the command with an
 *       {@link IllegalStateException} and writes nothing.
 *   <li>Streams read but not written are checked at append time: if one changed, the command is
 *       retried.
 *   <li>{@link #evolve} and {@link #decide} must be free of side effects: they run again on every
 *       retry.
 * </ul>
 *
 * @param <S> the state the command decides on
 *
 * @since 0.1.0
 */
public interface Command<S> {

  /** The streams to read: the command's consistency boundary. At least one, no duplicates. */
  List<StreamId> streams();

  /** The state before any event. */
  S initialState();

  /**
   * Folds one event into the state. Events of all the streams read arrive in global position
   * order; {@link RecordedEvent#streamId()} says which stream an event belongs to.
   */
  S evolve(S state, RecordedEvent<?> event);

  /**
   * Decides what to write, given the folded state.
   *
   * @param state the state folded from every stream read
   * @param read the streams read and their versions
   * @return the events to write, none, or a request to read more streams first
   * @throws CommandRejectedException if a business rule forbids the command
   */
  Decision decide(S state, StreamsRead read);
}
