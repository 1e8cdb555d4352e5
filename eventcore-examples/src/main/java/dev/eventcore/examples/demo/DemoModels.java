package dev.eventcore.examples.demo;

import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.examples.readmodel.CustomerOrders;
import dev.eventcore.examples.readmodel.InMemoryCurrentOrders;
import dev.eventcore.examples.readmodel.InMemoryCustomerOrders;
import dev.eventcore.examples.readmodel.InMemoryInventoryLevels;
import dev.eventcore.examples.readmodel.InMemoryOrderHistory;
import dev.eventcore.examples.readmodel.InventoryLevels;
import dev.eventcore.examples.readmodel.OrderHistory;
import dev.eventcore.examples.readmodel.postgres.PostgresCurrentOrders;
import dev.eventcore.examples.readmodel.postgres.PostgresCustomerOrders;
import dev.eventcore.examples.readmodel.postgres.PostgresInventoryLevels;
import dev.eventcore.examples.readmodel.postgres.PostgresOrderHistory;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.postgres.PostgresCheckpointStore;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.projection.Projection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The demo's four read models, the projections that keep them and where their checkpoints live:
 * all in memory, or all in PostgreSQL (tables and checkpoints that survive the process).
 *
 * @param orders current orders
 * @param history order history
 * @param customers customer orders
 * @param inventory inventory levels
 * @param projections the projections keeping them, to register with the runner
 * @param checkpoints the runner's checkpoint store (also used by the saga's delivery)
 * @param durable whether read models and checkpoints outlive the process
 */
record DemoModels(
    CurrentOrders orders,
    OrderHistory history,
    CustomerOrders customers,
    InventoryLevels inventory,
    List<Projection> projections,
    CheckpointStore checkpoints,
    boolean durable) {

  DemoModels {
    projections = List.copyOf(projections);
  }

  /** Fresh in-memory read models and checkpoints: a run starts by replaying the log. */
  static DemoModels inMemory() {
    InMemoryCurrentOrders orders = new InMemoryCurrentOrders();
    InMemoryOrderHistory history = new InMemoryOrderHistory();
    InMemoryCustomerOrders customers = new InMemoryCustomerOrders();
    InMemoryInventoryLevels inventory = new InMemoryInventoryLevels();
    return new DemoModels(orders, history, customers, inventory,
        List.of(orders, history, customers, inventory), new InMemoryCheckpointStore(), false);
  }

  /** Tables in {@code schema}, checkpoints in {@code store}: a run resumes where the last ended. */
  static DemoModels postgres(PostgresEventStore store, DataSource dataSource, String schema) {
    PostgresCurrentOrders orders = PostgresCurrentOrders.create(store, dataSource, schema);
    PostgresOrderHistory history = PostgresOrderHistory.create(store, dataSource, schema);
    PostgresCustomerOrders customers = PostgresCustomerOrders.create(store, dataSource, schema);
    PostgresInventoryLevels inventory = PostgresInventoryLevels.create(store, dataSource, schema);
    return new DemoModels(orders, history, customers, inventory,
        List.of(orders.projection(), history.projection(), customers.projection(),
            inventory.projection()),
        PostgresCheckpointStore.of(store), true);
  }
}
