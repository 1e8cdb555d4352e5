package dev.eventcore.testkit.contract;

import dev.eventcore.serialization.EventType;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.serialization.Upcaster;
import java.util.List;

/**
 * The event classes of {@link UpcastingContract}: an old deployment ({@link Before}) and a new one
 * ({@link After}) that reads the old shapes through upcasters — a renamed type, a changed field
 * under a new revision (reached through a chain), and one event split into two.
 *
 * @since 0.1.0
 */
public final class UpcastEvents {
  private UpcastEvents() {}

  /** The old deployment's events, written as current classes there. */
  public sealed interface Before permits CreatedV1, PlacedV1, PaidAndShippedV1 {}

  /** The type later renamed to {@code upcast.OrderPlaced}. */
  @EventType("upcast.OrderCreated")
  public record CreatedV1(String orderId) implements Before {}

  /** Revision 1 of {@code upcast.OrderPlaced}: the amount was text. */
  @EventType(value = "upcast.OrderPlaced", revision = 1)
  public record PlacedV1(String orderId, String amount) implements Before {}

  /** One event that the new deployment reads as two. */
  @EventType("upcast.PaidAndShipped")
  public record PaidAndShippedV1(String orderId) implements Before {}

  /** The new deployment's events. */
  public sealed interface After permits Placed, Paid, Shipped {}

  /** Revision 2 of {@code upcast.OrderPlaced}: the amount in cents. */
  @EventType(value = "upcast.OrderPlaced", revision = 2)
  public record Placed(String orderId, long cents) implements After {}

  /** The first half of the split. */
  @EventType("upcast.Paid")
  public record Paid(String orderId) implements After {}

  /** The second half of the split. */
  @EventType("upcast.Shipped")
  public record Shipped(String orderId) implements After {}

  /** The old deployment's types. */
  public static EventTypes before() {
    return EventTypes.of(Before.class);
  }

  /** The new deployment's types: the old classes are legacy, read through upcasters. */
  public static EventTypes after() {
    return EventTypes.of(After.class).withUpcasters(
        Upcaster.of(CreatedV1.class, PlacedV1.class, old -> new PlacedV1(old.orderId(), "0")),
        Upcaster.of(PlacedV1.class, Placed.class,
            old -> new Placed(old.orderId(), Long.parseLong(old.amount()))),
        Upcaster.split(PaidAndShippedV1.class, List.of(Paid.class, Shipped.class),
            old -> List.of(new Paid(old.orderId()), new Shipped(old.orderId()))));
  }

  /**
   * {@link #after()} redeployed with a fixed upcaster: an amount that is not a number, which the
   * upcaster of {@link #after()} cannot parse, reads as 0 (for replaying a dead-lettered event
   * once it decodes).
   */
  public static EventTypes afterFixed() {
    return EventTypes.of(After.class).withUpcasters(
        Upcaster.of(CreatedV1.class, PlacedV1.class, old -> new PlacedV1(old.orderId(), "0")),
        Upcaster.of(PlacedV1.class, Placed.class, old -> new Placed(old.orderId(),
            old.amount().chars().allMatch(Character::isDigit) ? Long.parseLong(old.amount()) : 0)),
        Upcaster.split(PaidAndShippedV1.class, List.of(Paid.class, Shipped.class),
            old -> List.of(new Paid(old.orderId()), new Shipped(old.orderId()))));
  }
}
