package dev.eventcore.examples.readmodel;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.order.OrderEvent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Every change of every order, for an "order timeline" view. Projection name {@code
 * order-history}; kept in memory by {@link InMemoryOrderHistory} and in a table by {@code
 * readmodel.postgres.PostgresOrderHistory}, with the same answers.
 *
 * <pre>{@code
 * history.of("o-1");   // [1 OrderPlaced ..., 2 OrderConfirmed, 3 OrderShipped TRK..., ...]
 * }</pre>
 */
public interface OrderHistory {
  /** The projection name of both implementations. */
  String NAME = "order-history";

  /**
   * One change.
   *
   * @param orderId the order
   * @param version the order stream's version after it
   * @param type the event type
   * @param detail what changed, for a person
   * @param recordedAt when it was recorded
   */
  record Entry(String orderId, long version, String type, String detail, Instant recordedAt) {
    /** Checks the arguments. */
    public Entry {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** The entry an {@link OrderEvent} makes: the one place that words the changes. */
    public static Entry of(RecordedEvent<?> event) {
      OrderEvent payload = event.payloadAs(OrderEvent.class);
      return new Entry(payload.orderId(), event.version().value(), event.type(), detail(payload),
          event.recordedAt());
    }

    private static String detail(OrderEvent event) {
      if (event instanceof OrderEvent.OrderPlaced) {
        OrderEvent.OrderPlaced placed = (OrderEvent.OrderPlaced) event;
        return "placed by " + placed.customerId() + ", " + placed.lines().size() + " lines, total "
            + placed.total();
      }
      if (event instanceof OrderEvent.OrderShipped) {
        return "shipped, tracking " + ((OrderEvent.OrderShipped) event).trackingNumber();
      }
      if (event instanceof OrderEvent.OrderCancelled) {
        return "cancelled: " + ((OrderEvent.OrderCancelled) event).reason();
      }
      return OrderChange.statusAfter(event).name().toLowerCase(Locale.ROOT);
    }
  }

  /** The changes of {@code orderId}, oldest first; empty for an unknown order. */
  List<Entry> of(String orderId);
}
