package dev.eventcore.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.examples.pipeline.PipelineModels;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.readmodel.InventoryLevels;
import dev.eventcore.memory.InMemoryEventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoTest {
  static final DemoOptions SMALL = new DemoOptions(60, Optional.empty(), false, 7, Duration.ofMillis(500));

  @Test
  void theScenarioSettlesEveryOrderAndPrintsASummary() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (EventStore store = new InMemoryEventStore(FulfillmentDispatcher.eventTypes())) {
      DemoSummary summary =
          new DemoRun(store, PipelineModels.inMemory(), SMALL,
              new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();

      assertEquals(60, summary.orders());
      assertTrue(Set.of(OrderStatus.DELIVERED, OrderStatus.CANCELLED)
          .containsAll(summary.byStatus().keySet()), summary.byStatus().toString());
      assertTrue(summary.compensations().size() > 0, "some orders compensated");
      for (InventoryLevels.Level level : summary.inventory()) {
        assertEquals(0, level.reserved(), level.toString());
      }
      assertTrue(summary.eventsWritten() > 60 * 5);

      ByteArrayOutputStream again = new ByteArrayOutputStream();
      DemoSummary second =
          new DemoRun(store, PipelineModels.inMemory(), SMALL,
              new PrintStream(again, true, StandardCharsets.UTF_8)).run();
      assertEquals(120, second.orders());
      assertTrue(again.toString(StandardCharsets.UTF_8).contains("rebuilt: 60 orders"),
          again.toString(StandardCharsets.UTF_8));
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    for (String part : new String[] {"Placing 60 orders", "Orders by status", "Revenue",
        "Compensations run", "Inventory", "Events written", "orders/s,", "events/s"}) {
      assertTrue(output.contains(part), part + " in:\n" + output);
    }
  }

  @Test
  void theCommandLineIsCheckedWithUsefulMessages() {
    assertEquals(500, DemoOptions.parse("--orders", "500").orders());
    assertEquals(10_000, DemoOptions.parse("--orders", "10000").orders());
    assertEquals(100_000, DemoOptions.parse("--orders", "100000").orders());
    assertEquals(Optional.of("jdbc:x"), DemoOptions.parse("--jdbc-url", "jdbc:x", "--reset").jdbcUrl());
    assertEquals("--orders needs a number, not 'many'",
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--orders", "many"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--reset"));
    assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--what"));
    assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--orders", "0"));
  }
}
