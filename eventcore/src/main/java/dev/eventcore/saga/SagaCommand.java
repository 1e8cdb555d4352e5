package dev.eventcore.saga;

import dev.eventcore.EventId;
import java.util.Objects;

/**
 * A command a saga dispatches, with its identity. {@code id} is derived from the saga instance,
 * the triggering event and the command's place in the step (a name-based UUID), so the command
 * dispatched again after a crash or a redelivery has the same id: handlers deduplicate on it (or
 * on a business key derived from the same trigger).
 *
 * @param id the command's stable id, also the id of its outbox event in the saga stream
 * @param saga the saga's name
 * @param key the saga instance's association key
 * @param command the command itself
 *
 * @since 0.1.0
 */
public record SagaCommand(EventId id, String saga, String key, Object command) {
  /** Validates the arguments. */
  public SagaCommand {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(saga, "saga");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(command, "command");
  }
}
