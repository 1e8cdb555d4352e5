package dev.eventcore.examples.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.AggregateState;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.inventory.InventoryCommand.CommitReservation;
import dev.eventcore.examples.inventory.InventoryCommand.ReceiveStock;
import dev.eventcore.examples.inventory.InventoryCommand.ReserveStock;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresSnapshotStore;
import dev.eventcore.postgres.PostgresTestDatabase;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.snapshot.SnapshotPolicy;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The inventory's persistent state round-trips through JSON snapshots on PostgreSQL. */
class PostgresInventorySnapshotTest {
  private static final PostgresTestDatabase DB = PostgresTestDatabase.newSchema();

  @AfterAll
  static void dropSchema() throws SQLException {
    DB.close();
  }

  @Test
  void aSnapshotOfTheInventoryLoadsToTheSameStateAsAFullReplay() {
    Sku apple = Sku.of("APPLE");
    StreamId stream = Inventory.stream(apple);
    try (PostgresEventStore store = PostgresEventStore.builder()
        .jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(DB.schema())
        .eventTypes(EventTypes.of(InventoryEvent.class))
        .build()) {
      PostgresSnapshotStore snapshots = PostgresSnapshotStore.of(store);
      AggregateRepository<InventoryCommand, Inventory, InventoryEvent> writer =
          AggregateRepository.builder(store, Inventory.DECIDER, InventoryEvent.class)
              .snapshots(snapshots, Inventory.class, 1)
              .snapshotPolicy(SnapshotPolicy.everyEvents(5))
              .build();
      writer.handle(stream, new ReceiveStock(apple, 100));
      for (int i = 0; i < 12; i++) {
        writer.handle(stream, new ReserveStock(apple, "o-" + i, 1 + i % 3));
        if (i % 3 == 0) {
          writer.handle(stream, new CommitReservation(apple, "o-" + i));
        }
      }

      AggregateState<Inventory> fromSnapshot =
          AggregateRepository.builder(store, Inventory.DECIDER, InventoryEvent.class)
              .snapshots(snapshots, Inventory.class, 1)
              .build()
              .load(stream);
      AggregateState<Inventory> replayed =
          AggregateRepository.builder(store, Inventory.DECIDER, InventoryEvent.class)
              .cacheSize(0)
              .build()
              .load(stream);

      assertEquals(Version.of(15), fromSnapshot.snapshotVersion());
      assertEquals(replayed.state(), fromSnapshot.state());
      assertEquals(replayed.state().reserved(), fromSnapshot.state().reserved());
      List<String> order = new ArrayList<>(fromSnapshot.state().reservations().keySet());
      assertEquals(new ArrayList<>(replayed.state().reservations().keySet()), order);
      assertEquals("o-0", order.get(0));
    }
  }
}
