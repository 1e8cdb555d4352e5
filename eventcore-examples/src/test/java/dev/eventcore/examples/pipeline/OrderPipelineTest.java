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
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OrderPipelineTest {

  /**
   * The scenario of seed 42 with 300 orders, as the demo has always settled it (234 delivered; 4
   * payment timeouts, 29 out of stock, 33 declined). The seed decides the orders, their lines and
   * the gateway's answers; what it cannot decide is when a compensation's release lands relative
   * to a later order's reservation, since the saga now runs concurrently with the orders being
   * placed. An order that ran out of stock in the sequential settlement can find stock released a
   * moment earlier, so each count may move by a few orders, never more; every order still ends
   * delivered or cancelled for one of the three reasons.
   */
  @Test
  void aSeedDecidesTheScenarioWithinAFewOrdersOfTheSequentialSettlement() throws Exception {
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
      Map<OrderStatus, Long> byStatus = models.orders().countByStatus();
      assertEquals(Set.of(OrderStatus.DELIVERED, OrderStatus.CANCELLED), byStatus.keySet());
      assertEquals(300, byStatus.get(OrderStatus.DELIVERED) + byStatus.get(OrderStatus.CANCELLED));
      assertNear(234, byStatus.get(OrderStatus.DELIVERED), "delivered");
      Map<String, Long> reasons = reasons(models);
      assertEquals(Set.of("no payment answer in 2 s", "out of stock", "payment declined"),
          reasons.keySet(), reasons.toString());
      assertEquals(byStatus.get(OrderStatus.CANCELLED),
          reasons.values().stream().mapToLong(Long::longValue).sum());
      assertNear(4, reasons.get("no payment answer in 2 s"), "payment timeouts");
      assertNear(29, reasons.get("out of stock"), "out of stock");
      assertNear(33, reasons.get("payment declined"), "declined");
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

  /** Within 3 orders of the sequential settlement's count. */
  private static void assertNear(long sequential, long actual, String what) {
    assertTrue(Math.abs(actual - sequential) <= 3,
        what + ": " + actual + ", the sequential settlement had " + sequential);
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
