package dev.eventcore.examples.readmodel.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.inventory.Inventory;
import dev.eventcore.examples.inventory.InventoryCommand;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderCommand;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.postgres.PostgresCheckpointStore;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The table read models: idempotent writes, rebuild, resuming after a restart, bad arguments. */
class TableReadModelsTest {
  static final Sku APPLE = Sku.of("APPLE");

  private Tables tables;
  private AggregateRepository<OrderCommand, Order, OrderEvent> orders;
  private AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock;

  @BeforeEach
  void open() {
    tables = new Tables();
    orders = Order.repository(tables.store);
    stock = Inventory.repository(tables.store);
  }

  @AfterEach
  void close() throws Exception {
    tables.close();
  }

  void history(String prefix) {
    for (int i = 1; i <= 3; i++) {
      String id = prefix + i;
      orders.handle(Order.stream(id), new OrderCommand.PlaceOrder(id, "c-" + (i % 2),
          List.of(new LineItem(APPLE, i, Money.ofCents(150)))));
    }
    orders.handle(Order.stream(prefix + 1), new OrderCommand.ConfirmOrder());
    orders.handle(Order.stream(prefix + 1), new OrderCommand.ShipOrder("TRACK1234"));
    orders.handle(Order.stream(prefix + 1), new OrderCommand.DeliverOrder());
    orders.handle(Order.stream(prefix + 2), new OrderCommand.CancelOrder("payment declined"));
    stock.handle(Inventory.stream(APPLE), new InventoryCommand.ReceiveStock(APPLE, 10));
    stock.handle(Inventory.stream(APPLE), new InventoryCommand.ReserveStock(APPLE, prefix + 1, 2));
    stock.handle(Inventory.stream(APPLE), new InventoryCommand.ReserveStock(APPLE, prefix + 3, 1));
    stock.handle(Inventory.stream(APPLE),
        new InventoryCommand.CommitReservation(APPLE, prefix + 1));
  }

  @Test
  void applyingTheEventsAgainInBatchesOrOneByOneChangesNothing() throws Exception {
    history("o-");
    List<TableReadModel> models =
        List.of(tables.orders, tables.history, tables.customers, tables.inventory);
    List<RecordedEvent<?>> stock = tables.store.readStream(Inventory.stream(APPLE));
    GlobalPosition lastAppended = stock.get(stock.size() - 1).position(); // history's last append
    // the log shows an event once every transaction that began before it ended (cluster-wide)
    List<RecordedEvent<?>> log = tables.store.readAll(GlobalPosition.START, 1_000);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (log.stream().noneMatch(event -> event.position().equals(lastAppended))
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
      log = tables.store.readAll(GlobalPosition.START, 1_000);
    }
    try (Connection connection = tables.pool.getConnection()) {
      for (TableReadModel model : models) {
        List<RecordedEvent<?>> matching =
            log.stream().filter(event -> model.projection().filter().matches(event)).toList();
        model.apply(matching, connection); // the whole history as one batch
        model.apply(matching, connection); // a redelivery: every upsert is a no-op
        for (RecordedEvent<?> event : matching) {
          model.apply(List.of(event), connection); // and again, event by event
        }
      }
    }
    tables.awaitTwins();
    tables.assertTablesAnswerLikeTwins();
    assertEquals(8L, tables.inventory.of(APPLE).orElseThrow().onHand());
    assertEquals(Map.of(OrderStatus.DELIVERED, 1L, OrderStatus.CANCELLED, 1L,
        OrderStatus.PLACED, 1L), tables.orders.countByStatus());
  }

  @Test
  void aRebuildRefillsTheTablesFromTheLog() throws Exception {
    history("o-");
    tables.startAll();
    tables.awaitAll();
    for (Projection table : tables.tables()) {
      tables.tableRunner.rebuild(table.name());
    }
    tables.awaitAll();
    tables.assertTablesAnswerLikeTwins();
    assertEquals(Money.ofCents(150), tables.orders.totalOf(OrderStatus.DELIVERED));
  }

  @Test
  void aNewRunnerResumesTheTablesFromTheirStoredCheckpoints() throws Exception {
    history("o-");
    tables.startAll();
    tables.awaitAll();
    tables.tableRunner.close(); // the process ends: tables and checkpoints stay
    GlobalPosition stored =
        PostgresCheckpointStore.of(tables.store).load(tables.orders.projection().name()).position();
    assertEquals(lastPosition(), stored, "the checkpoint passed over the stock events too");

    history("p-");
    try (ProjectionRunner next =
        ProjectionRunner.builder(tables.store, PostgresCheckpointStore.of(tables.store)).build()) {
      tables.tables().forEach(next::register);
      next.startAll();
      for (Projection table : tables.tables()) {
        assertTrue(next.awaitPosition(table.name(), lastPosition(), Duration.ofSeconds(10)));
      }
      tables.awaitTwins();
      tables.assertTablesAnswerLikeTwins();
      assertEquals(6, tables.orders.size());
      assertEquals(16L, tables.inventory.of(APPLE).orElseThrow().onHand());
    }
  }

  @Test
  void badArgumentsAreRejectedWithClearMessages() {
    assertEquals("invalid schema 'Shop-1': use [a-z_][a-z0-9_]*, at most 63 characters",
        assertThrows(IllegalArgumentException.class,
            () -> PostgresCurrentOrders.create(tables.store, tables.pool, "Shop-1")).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> PostgresInventoryLevels.create(tables.store, tables.pool, "x".repeat(64)));
    assertEquals("store", assertThrows(NullPointerException.class,
        () -> PostgresOrderHistory.create(null, tables.pool, "shop")).getMessage());
    assertEquals("dataSource", assertThrows(NullPointerException.class,
        () -> PostgresCustomerOrders.create(tables.store, null, "shop")).getMessage());
    assertEquals("schema", assertThrows(NullPointerException.class,
        () -> PostgresCustomerOrders.create(tables.store, tables.pool, null)).getMessage());
    assertEquals("n is -1; allowed: 0 or more",
        assertThrows(IllegalArgumentException.class, () -> tables.customers.top(-1)).getMessage());
    assertEquals("n is -1; allowed: 0 or more", assertThrows(IllegalArgumentException.class,
        () -> tables.customersTwin.top(-1)).getMessage());
    assertThrows(NullPointerException.class, () -> tables.orders.find(null));
    assertThrows(NullPointerException.class, () -> tables.orders.withStatus(null));
    assertThrows(NullPointerException.class, () -> tables.history.of(null));
    assertThrows(NullPointerException.class, () -> tables.customers.of(null));
    assertThrows(NullPointerException.class, () -> tables.inventory.of(null));
  }

  private GlobalPosition lastPosition() {
    List<RecordedEvent<?>> all = tables.store.readAll(GlobalPosition.START, 1_000);
    return all.get(all.size() - 1).position();
  }
}
