package dev.eventcore.examples.readmodel;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CurrentOrders} in memory, a projection named {@code current-orders}.
 *
 * <pre>{@code
 * InMemoryCurrentOrders orders = new InMemoryCurrentOrders();
 * runner.register(orders);
 * orders.countByStatus();   // {PLACED=3, DELIVERED=250, ...}
 * }</pre>
 */
public final class InMemoryCurrentOrders extends ReadModel implements CurrentOrders {
  private final Map<String, Summary> orders = new LinkedHashMap<>();
  /** Orders by status, kept as they change: a count costs the same whatever the history. */
  private final Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);

  /** An empty read model. */
  public InMemoryCurrentOrders() {
    super(NAME, EventTypes.of(OrderEvent.class).asFilter());
  }

  @Override
  void apply(RecordedEvent<?> event) {
    OrderChange change = OrderChange.of(event);
    if (change instanceof OrderChange.Placed) {
      Summary placed = ((OrderChange.Placed) change).summary();
      Summary was = orders.put(change.orderId(), placed);
      if (was != null) { // placed again (a replay of its first event): counted once
        uncount(was);
      }
      counts.merge(placed.status(), 1L, Long::sum);
      return;
    }
    OrderChange.StatusChanged moved = (OrderChange.StatusChanged) change;
    Summary old = orders.get(moved.orderId());
    if (old != null) {
      Summary now = old.with(moved.status(), moved.at());
      orders.put(moved.orderId(), now);
      uncount(old);
      counts.merge(now.status(), 1L, Long::sum);
    }
  }

  private void uncount(Summary was) {
    counts.computeIfPresent(was.status(), (status, n) -> n == 1 ? null : n - 1);
  }

  @Override
  void clear() {
    orders.clear();
    counts.clear();
  }

  @Override
  public synchronized Optional<Summary> find(String orderId) {
    return Optional.ofNullable(orders.get(Objects.requireNonNull(orderId, "orderId")));
  }

  @Override
  public synchronized List<Summary> withStatus(OrderStatus status) {
    Objects.requireNonNull(status, "status");
    List<Summary> matching = new ArrayList<>();
    for (Summary summary : orders.values()) {
      if (summary.status() == status) {
        matching.add(summary);
      }
    }
    return matching;
  }

  @Override
  public synchronized Map<OrderStatus, Long> countByStatus() {
    return new EnumMap<>(counts);
  }

  @Override
  public synchronized Money totalOf(OrderStatus status) {
    Objects.requireNonNull(status, "status");
    Money total = Money.zero();
    for (Summary summary : orders.values()) {
      if (summary.status() == status) {
        total = total.plus(summary.total());
      }
    }
    return total;
  }

  @Override
  public synchronized int size() {
    return orders.size();
  }
}
