package dev.eventcore.examples.readmodel;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link OrderHistory} in memory, a projection named {@code order-history}. */
public final class InMemoryOrderHistory extends ReadModel implements OrderHistory {
  private final Map<String, List<Entry>> history = new HashMap<>();

  /** An empty read model. */
  public InMemoryOrderHistory() {
    super(NAME, EventTypes.of(OrderEvent.class).asFilter());
  }

  @Override
  void apply(RecordedEvent<?> event) {
    Entry entry = Entry.of(event);
    history.computeIfAbsent(entry.orderId(), id -> new ArrayList<>()).add(entry);
  }

  @Override
  void clear() {
    history.clear();
  }

  @Override
  public synchronized List<Entry> of(String orderId) {
    return List.copyOf(history.getOrDefault(Objects.requireNonNull(orderId, "orderId"), List.of()));
  }
}
