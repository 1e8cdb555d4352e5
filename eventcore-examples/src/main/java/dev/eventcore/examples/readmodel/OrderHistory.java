package dev.eventcore.examples.readmodel;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.order.OrderEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every change of every order, for an "order timeline" view. Projection name {@code
 * order-history}.
 *
 * <pre>{@code
 * history.of("o-1");   // [1 OrderPlaced ..., 2 OrderConfirmed, 3 OrderShipped TRK..., ...]
 * }</pre>
 */
public final class OrderHistory extends ReadModel {
  private final Map<String, List<Entry>> history = new HashMap<>();

  /** An empty read model. */
  public OrderHistory() {
    super("order-history", EventFilter.eventTypes(OrderEvent.class));
  }

  /**
   * One change.
   *
   * @param version the order stream's version after it
   * @param type the event type
   * @param detail what changed, for a person
   * @param recordedAt when it was recorded
   */
  public record Entry(long version, String type, String detail, Instant recordedAt) {}

  @Override
  void apply(RecordedEvent<?> event) {
    OrderEvent payload = event.payloadAs(OrderEvent.class);
    history.computeIfAbsent(payload.orderId(), id -> new ArrayList<>())
        .add(new Entry(event.version().value(), event.type(), detail(payload), event.recordedAt()));
  }

  @Override
  void clear() {
    history.clear();
  }

  /** The changes of {@code orderId}, oldest first; empty for an unknown order. */
  public synchronized List<Entry> of(String orderId) {
    return List.copyOf(history.getOrDefault(orderId, List.of()));
  }

  private static String detail(OrderEvent event) {
    if (event instanceof OrderEvent.OrderPlaced) {
      OrderEvent.OrderPlaced placed = (OrderEvent.OrderPlaced) event;
      return "placed by " + placed.customerId() + ", " + placed.lines().size() + " lines, total "
          + CurrentOrders.totalOf(placed.lines());
    }
    if (event instanceof OrderEvent.OrderShipped) {
      return "shipped, tracking " + ((OrderEvent.OrderShipped) event).trackingNumber();
    }
    if (event instanceof OrderEvent.OrderCancelled) {
      return "cancelled: " + ((OrderEvent.OrderCancelled) event).reason();
    }
    return CurrentOrders.statusAfter(event).name().toLowerCase(java.util.Locale.ROOT);
  }
}
