package dev.eventcore.observe;

/**
 * A unit of work an {@link Observer} can watch from start to end ({@link Observer#start}): what
 * it is, and what the {@code name} and {@code cause} passed with it are.
 *
 * @since 0.1.0
 */
public enum WorkKind {
  /**
   * A command handled by an {@code AggregateRepository} or a {@code CommandExecutor}, every
   * attempt included. Name: the command's class simple name; cause: the command context's
   * metadata.
   */
  COMMAND,
  /** A command's read of the state it decides on. Name: the stream's category (or the command). */
  LOAD,
  /**
   * A command's decision on a loaded state, inside its {@link #COMMAND}; or a decision by {@code
   * AggregateRepository.decide} (a saga's in-step command), then with the command context's
   * metadata as cause. Name: the command's class simple name.
   */
  DECIDE,
  /** An append's write, once it was validated. Name: the category of its first stream. */
  APPEND,
  /** A subscription's handler handling one event. Name: the subscription; cause: the event's. */
  HANDLE,
  /**
   * A projection handling one event under its error policy, retries and a dead letter included.
   * Name: the projection; cause: the event's metadata.
   */
  PROJECTION,
  /**
   * A projection making its work durable: its checkpoint (and, for a transactional projection,
   * its writes) committed. It covers the events the projection handled since its previous
   * commit. Name: the projection; no cause.
   */
  COMMIT,
  /**
   * A saga step: deciding on an event, a due timeout or a refused command, and recording that.
   * Name: the saga; cause: the triggering event's metadata, or that of the saga's record that
   * scheduled the timeout or issued the refused command.
   */
  SAGA_STEP,
  /**
   * A saga's command carried out after the step that issued it committed. Name: the saga; cause:
   * the metadata of the saga's record of the command (written by that step).
   */
  DISPATCH
}
