package dev.eventcore.examples.pipeline;

import dev.eventcore.command.AggregateRepository;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.examples.inventory.Inventory;
import dev.eventcore.examples.inventory.InventoryCommand;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderCommand;
import dev.eventcore.examples.order.OrderEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The shop's customers: the stock received before the orders and the orders themselves, drawn
 * from a seeded random (one to three products, one to three of each, forty customers), through
 * the saga's dispatcher's repositories: one repository per aggregate for the whole run. Not
 * thread-safe.
 */
final class OrderSource {
  /** The products: SKU and unit price in cents. */
  static final Map<String, Long> PRODUCTS = new LinkedHashMap<>();

  static {
    PRODUCTS.put("APPLE", 125L);
    PRODUCTS.put("PEAR", 180L);
    PRODUCTS.put("PLUM", 95L);
    PRODUCTS.put("FIG", 450L);
    PRODUCTS.put("MANGO", 320L);
    PRODUCTS.put("KIWI", 60L);
  }

  private final AggregateRepository<OrderCommand, Order, OrderEvent> orders;
  private final AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock;
  private final Random random;

  /** Customers placing orders through {@code dispatcher}'s repositories, shared with the saga. */
  OrderSource(FulfillmentDispatcher dispatcher, long seed) {
    this.orders = dispatcher.orders();
    this.stock = dispatcher.stock();
    this.random = new Random(seed);
  }

  /** Receives roughly what {@code orderCount} orders need; FIG a little short, so some run out. */
  void restock(int orderCount) {
    for (String sku : PRODUCTS.keySet()) {
      int quantity = "FIG".equals(sku) ? orderCount / 2 : orderCount * 2 / 3 + 10;
      stock.handle(Inventory.stream(Sku.of(sku)),
          new InventoryCommand.ReceiveStock(Sku.of(sku), quantity));
    }
  }

  /** Places order {@code orderId}: the next draw of products, quantities and customer. */
  void place(String orderId) {
    List<String> skus = new ArrayList<>(PRODUCTS.keySet());
    Collections.shuffle(skus, random);
    List<LineItem> lines = new ArrayList<>();
    for (String sku : skus.subList(0, 1 + random.nextInt(3))) {
      lines.add(new LineItem(Sku.of(sku), 1 + random.nextInt(3), Money.ofCents(PRODUCTS.get(sku))));
    }
    String customer = "c-" + (1 + random.nextInt(40));
    orders.handle(Order.stream(orderId), new OrderCommand.PlaceOrder(orderId, customer, lines));
  }
}
