package dev.eventcore.examples.payment;

/**
 * Where a payment is: {@code NONE → REQUESTED → CHARGED → REFUNDED}, or {@code REQUESTED →
 * DECLINED}.
 */
public enum PaymentStatus {
  /** Not requested: the stream has no events. */
  NONE,
  /** Requested; the gateway's answer is pending. */
  REQUESTED,
  /** The money was taken. */
  CHARGED,
  /** The gateway refused. Final. */
  DECLINED,
  /** The money was given back. Final. */
  REFUNDED
}
