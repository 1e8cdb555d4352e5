package dev.eventcore.examples.pipeline;

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
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The pipeline's four read models, the projections that keep them and where their checkpoints
 * live: all in memory, or all in PostgreSQL (tables and checkpoints that survive the process).
 *
 * @param orders current orders
 * @param history order history
 * @param customers customer orders
 * @param inventory inventory levels
 * @param projections the projections keeping them, to register with the runner
 * @param checkpoints the runner's checkpoint store (also used by the saga's delivery)
 * @param durable whether read models and checkpoints outlive the process
 */
public record PipelineModels(
    CurrentOrders orders,
    OrderHistory history,
    CustomerOrders customers,
    InventoryLevels inventory,
    List<Projection> projections,
    CheckpointStore checkpoints,
    boolean durable) {

  /** Checks the arguments and copies the list. */
  public PipelineModels {
    Objects.requireNonNull(orders, "orders");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(customers, "customers");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(checkpoints, "checkpoints");
    projections = List.copyOf(projections);
  }

  /** Fresh in-memory read models and checkpoints: a run starts by replaying the log. */
  public static PipelineModels inMemory() {
    InMemoryCurrentOrders orders = new InMemoryCurrentOrders();
    InMemoryOrderHistory history = new InMemoryOrderHistory();
    InMemoryCustomerOrders customers = new InMemoryCustomerOrders();
    InMemoryInventoryLevels inventory = new InMemoryInventoryLevels();
    return new PipelineModels(orders, history, customers, inventory,
        List.of(orders, history, customers, inventory), new InMemoryCheckpointStore(), false);
  }

  /**
   * Tables in {@code schema}, checkpoints in {@code store}: a run resumes where the last ended. The
   * tables are written in the projections' transactions, on the store's data source; {@code
   * dataSource} serves only the queries (and creates the tables if missing).
   */
  public static PipelineModels postgres(PostgresEventStore store, DataSource dataSource, String schema) {
    PostgresCurrentOrders orders = PostgresCurrentOrders.create(store, dataSource, schema);
    PostgresOrderHistory history = PostgresOrderHistory.create(store, dataSource, schema);
    PostgresCustomerOrders customers = PostgresCustomerOrders.create(store, dataSource, schema);
    PostgresInventoryLevels inventory = PostgresInventoryLevels.create(store, dataSource, schema);
    return new PipelineModels(orders, history, customers, inventory,
        List.of(orders.projection(), history.projection(), customers.projection(),
            inventory.projection()),
        PostgresCheckpointStore.of(store), true);
  }
}
