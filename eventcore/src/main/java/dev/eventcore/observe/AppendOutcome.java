package dev.eventcore.observe;

/**
 * How an append ended, as an {@link Observer} sees it.
 *
 * @since 0.1.0
 */
public enum AppendOutcome {
  /** Written (or an idempotent retry that returned the original result). */
  OK,
  /**
   * Refused: some stream was not at its expected version, or an event matching a boundary
   * append's condition came after its position ({@code AppendConditionFailedException}).
   */
  CONFLICT,
  /** Refused: some event id is stored already, not as this append's retry. */
  DUPLICATE,
  /** Failed for another reason (the database, a limit, an interrupted caller). */
  ERROR
}
