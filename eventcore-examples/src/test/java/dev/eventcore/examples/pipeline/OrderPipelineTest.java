package dev.eventcore.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.readmodel.OrderHistory;
import dev.eventcore.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OrderPipelineTest {

  /**
   * The scenario of seed 42 with 300 orders, as the demo has always settled it: the counts are
   * decided by the seed, not by timing or by how fast the library is.
   */
  @Test
  void aSeedDecidesHowManyOrdersAreDeliveredAndWhyTheOthersWereCancelled() throws Exception {
    try (EventStore store = new InMemoryEventStore(FulfillmentDispatcher.eventTypes())) {
      PipelineModels models = PipelineModels.inMemory();
      List<String> placed = new ArrayList<>();
      PipelineResult result = new OrderPipeline(store, models, PipelineOptions.of(300, 42),
          new PipelineListener() {
            @Override
            public void placed(String orderId, int index, long nanoTime) {
              assertEquals(placed.size() + 1, index);
              placed.add(orderId);
            }
          }).run();

      assertEquals(300, result.orders());
      assertEquals("o-1", placed.get(0));
      assertEquals("o-300", placed.get(299));
      assertEquals(Map.of(OrderStatus.DELIVERED, 234L, OrderStatus.CANCELLED, 66L),
          models.orders().countByStatus());
      assertEquals(Map.of("no payment answer in 2 s", 4L, "out of stock", 29L,
          "payment declined", 33L), reasons(models));
      assertTrue(result.eventsWritten() > 300 * 5, "events written: " + result.eventsWritten());
      assertTrue(result.ordersPerSecond() > 0 && result.eventsPerSecond() > 0);
    }
  }

  @Test
  void optionsOutsideTheirRangeAreRefusedWithWhatIsAllowed() {
    assertEquals("orders is 0; allowed: 1 to 1000000",
        assertThrows(IllegalArgumentException.class, () -> PipelineOptions.of(0, 1)).getMessage());
    assertEquals("paymentTimeout is PT0S; allowed: above zero",
        assertThrows(IllegalArgumentException.class,
            () -> new PipelineOptions(10, 1, Duration.ZERO)).getMessage());
    assertEquals(100_000, PipelineOptions.of(100_000, 1).orders());
  }

  private static Map<String, Long> reasons(PipelineModels models) {
    Map<String, Long> reasons = new TreeMap<>();
    for (var order : models.orders().withStatus(OrderStatus.CANCELLED)) {
      for (OrderHistory.Entry entry : models.history().of(order.orderId())) {
        if (entry.detail().startsWith("cancelled: ")) {
          reasons.merge(entry.detail().substring("cancelled: ".length()), 1L, Long::sum);
        }
      }
    }
    return reasons;
  }
}
