package dev.eventcore.shredding;

import dev.eventcore.serialization.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * The record of an erasure: the subject's key was destroyed at {@code at}, so its personal data
 * now reads as redacted. Appended by {@link CryptoShredding#forget} to {@link
 * CryptoShredding#ERASURES}, so read models that copied personal data purge their copies:
 *
 * <pre>{@code
 * if (event.payload() instanceof SubjectForgotten forgotten) {
 *   customers.purge(forgotten.subject());
 * }
 * }</pre>
 *
 * <p>Stored under the type name {@code eventcore.SubjectForgotten}; a store built with its own
 * {@code EventTypes} must include {@link CryptoShredding#eventTypes()}.
 *
 * @param subject the forgotten data subject's id (the event holds no personal data of it)
 * @param at when the key was destroyed
 * @since 0.2.0
 */
@EventType("eventcore.SubjectForgotten")
public record SubjectForgotten(String subject, Instant at) {
  /** Validates the arguments. */
  public SubjectForgotten {
    Subjects.require(subject);
    Objects.requireNonNull(at, "at");
  }
}
