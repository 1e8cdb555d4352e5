package dev.eventcore.examples.boundary;

/** The events of the boundary examples. */
public sealed interface BoundaryEvent {
  /** A course opened with {@code capacity} seats. */
  record CourseDefined(String courseId, int capacity) implements BoundaryEvent {}

  /** A student took a seat in a course. */
  record StudentSubscribed(String courseId, String studentId) implements BoundaryEvent {}

  /** A user registered under a username, which no other user may hold. */
  record UserRegistered(String userId, String username) implements BoundaryEvent {}

  /** An invoice got the next number of the gap-free sequence. */
  record InvoiceCreated(long number, String customerId, long amountCents)
      implements BoundaryEvent {}
}
