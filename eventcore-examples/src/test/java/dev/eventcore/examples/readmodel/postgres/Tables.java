package dev.eventcore.examples.readmodel.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.examples.readmodel.CustomerOrders;
import dev.eventcore.examples.readmodel.InMemoryCurrentOrders;
import dev.eventcore.examples.readmodel.InMemoryCustomerOrders;
import dev.eventcore.examples.readmodel.InMemoryInventoryLevels;
import dev.eventcore.examples.readmodel.InMemoryOrderHistory;
import dev.eventcore.examples.readmodel.InventoryLevels;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.postgres.PostgresCheckpointStore;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresTestDatabase;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL store in a schema of its own with the four table read models and their four
 * in-memory twins, each set under its own runner (tables over PostgreSQL checkpoints), both
 * following the same log.
 */
final class Tables implements AutoCloseable {
  final PostgresTestDatabase db = PostgresTestDatabase.newSchema();
  final HikariDataSource pool;
  final PostgresEventStore store;
  final PostgresCurrentOrders orders;
  final PostgresOrderHistory history;
  final PostgresCustomerOrders customers;
  final PostgresInventoryLevels inventory;
  final InMemoryCurrentOrders ordersTwin = new InMemoryCurrentOrders();
  final InMemoryOrderHistory historyTwin = new InMemoryOrderHistory();
  final InMemoryCustomerOrders customersTwin = new InMemoryCustomerOrders();
  final InMemoryInventoryLevels inventoryTwin = new InMemoryInventoryLevels();
  final ProjectionRunner tableRunner;
  final ProjectionRunner twinRunner;

  Tables() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.jdbcUrl());
    config.setMaximumPoolSize(12);
    pool = new HikariDataSource(config);
    store = PostgresEventStore.builder().dataSource(pool).schema(db.schema())
        .eventTypes(FulfillmentDispatcher.eventTypes()).build();
    orders = PostgresCurrentOrders.create(store, pool, db.schema());
    history = PostgresOrderHistory.create(store, pool, db.schema());
    customers = PostgresCustomerOrders.create(store, pool, db.schema());
    inventory = PostgresInventoryLevels.create(store, pool, db.schema());
    tableRunner = ProjectionRunner.builder(store, PostgresCheckpointStore.of(store))
        .tick(Duration.ofMillis(20)).build();
    twinRunner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
        .tick(Duration.ofMillis(20)).build();
    tables().forEach(tableRunner::register);
    twins().forEach(twinRunner::register);
  }

  List<Projection> tables() {
    return List.of(orders.projection(), history.projection(), customers.projection(),
        inventory.projection());
  }

  List<Projection> twins() {
    return List.of(ordersTwin, historyTwin, customersTwin, inventoryTwin);
  }

  void startAll() {
    tableRunner.startAll();
    twinRunner.startAll();
  }

  /** Waits until every read model, table or twin, is done with the last event written. */
  void awaitAll() throws InterruptedException {
    GlobalPosition head = head();
    for (Projection projection : tables()) {
      await(tableRunner, projection.name(), head);
    }
    for (Projection projection : twins()) {
      await(twinRunner, projection.name(), head);
    }
  }

  /** Starts the twins and waits until they are done with the last event written. */
  void awaitTwins() throws InterruptedException {
    twinRunner.startAll();
    GlobalPosition head = head();
    for (Projection projection : twins()) {
      await(twinRunner, projection.name(), head);
    }
  }

  private GlobalPosition head() {
    GlobalPosition head = GlobalPosition.START;
    List<RecordedEvent<?>> page;
    while (!(page = store.readAll(head, 10_000)).isEmpty()) {
      head = page.get(page.size() - 1).position();
    }
    return head;
  }

  private static void await(ProjectionRunner runner, String name, GlobalPosition head)
      throws InterruptedException {
    if (!runner.awaitPosition(name, head, Duration.ofSeconds(30))) {
      throw new AssertionError(name + " did not reach " + head + ": " + runner.status(name));
    }
  }

  /** Asks every table and its twin every question of the query interfaces; fails on a difference. */
  void assertTablesAnswerLikeTwins() {
    assertEquals(ordersTwin.size(), orders.size(), "current orders: size");
    assertEquals(ordersTwin.countByStatus(), orders.countByStatus(), "current orders: by status");
    List<String> orderIds = new ArrayList<>(List.of("o-unknown"));
    for (OrderStatus status : OrderStatus.values()) {
      List<CurrentOrders.Summary> twin = ordersTwin.withStatus(status);
      assertEquals(twin, orders.withStatus(status), "current orders: with status " + status);
      assertEquals(ordersTwin.totalOf(status), orders.totalOf(status), "total of " + status);
      twin.forEach(order -> orderIds.add(order.orderId()));
    }
    for (String orderId : orderIds) {
      assertEquals(ordersTwin.find(orderId), orders.find(orderId), "current orders: " + orderId);
      assertEquals(historyTwin.of(orderId), history.of(orderId), "order history: " + orderId);
    }
    assertEquals(customersTwin.size(), customers.size(), "customer orders: size");
    List<CustomerOrders.Customer> everyone = customersTwin.top(customersTwin.size());
    assertEquals(everyone, customers.top(customersTwin.size()), "customer orders: top, all");
    for (int n = 0; n <= 3; n++) {
      assertEquals(customersTwin.top(n), customers.top(n), "customer orders: top " + n);
    }
    assertEquals(Optional.empty(), customers.of("c-unknown"), "customer orders: unknown");
    for (CustomerOrders.Customer customer : everyone) {
      assertEquals(Optional.of(customer), customers.of(customer.customerId()),
          "customer orders: " + customer.customerId());
    }
    assertEquals(inventoryTwin.all(), inventory.all(), "inventory: all");
    for (InventoryLevels.Level level : inventoryTwin.all()) {
      assertEquals(Optional.of(level), inventory.of(level.sku()), "inventory: " + level.sku());
    }
    assertEquals(Optional.empty(), inventory.of(Sku.of("NONE")), "inventory: unknown SKU");
  }

  @Override
  public void close() throws SQLException {
    try {
      tableRunner.close();
      twinRunner.close();
      store.close();
      pool.close();
    } finally {
      db.close();
    }
  }
}
