package dev.eventcore.examples.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.order.OrderCommand.CancelOrder;
import dev.eventcore.examples.order.OrderCommand.ConfirmOrder;
import dev.eventcore.examples.order.OrderCommand.DeliverOrder;
import dev.eventcore.examples.order.OrderCommand.PlaceOrder;
import dev.eventcore.examples.order.OrderCommand.ShipOrder;
import dev.eventcore.examples.order.OrderEvent.OrderConfirmed;
import dev.eventcore.examples.order.OrderEvent.OrderPlaced;
import dev.eventcore.examples.order.OrderEvent.OrderShipped;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.DeciderFixture;
import dev.eventcore.testkit.FoldCost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placing orders: lines, quantities, money and the repository round trip. */
class OrderTest {
  static final DeciderFixture<OrderCommand, Order, OrderEvent> ORDER =
      DeciderFixture.of(Order.DECIDER);

  static LineItem line(String sku, int quantity, long cents) {
    return new LineItem(Sku.of(sku), quantity, Money.ofCents(cents));
  }

  @Test
  void theTotalIsTheSumOfTheLinesInExactCents() {
    List<LineItem> lines = List.of(line("APPLE", 3, 10), line("PEAR", 7, 20), line("FIG", 999, 1));
    assertEquals(Money.ofCents(3 * 10 + 7 * 20 + 999), new OrderPlaced("o", "c", lines).total());
    Order placed = ORDER.given(new OrderPlaced("o", "c", lines)).state();
    assertEquals("11.69", placed.total().toString());
    assertEquals(Money.zero(), Order.NONE.total());
  }

  @Test
  void quantitiesFromOneTo999AreAccepted() {
    assertEquals(1, line("APPLE", 1, 100).quantity());
    assertEquals(Money.ofCents(99_900), line("APPLE", 999, 100).lineTotal());
  }

  @Test
  void aQuantityOutside1To999IsInvalid() {
    for (int quantity : new int[] {0, -1, 1000, Integer.MAX_VALUE}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> line("APPLE", quantity, 100));
      assertEquals("quantity of APPLE is " + quantity + "; allowed: 1 to 999", e.getMessage());
    }
  }

  @Test
  void aUnitPriceMustBePositiveAndBounded() {
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> line("APPLE", 1, 0));
    assertEquals("unit price of APPLE is 0.00; allowed: 0.01 to 1000000.00", zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> line("APPLE", 1, -5));
    assertThrows(IllegalArgumentException.class, () -> line("APPLE", 1, 100_000_001));
  }

  @Test
  void badIdsAndTrackingNumbersAreInvalidValues() {
    assertThrows(IllegalArgumentException.class, () -> new PlaceOrder("o 1", "c", List.of()));
    assertThrows(NullPointerException.class, () -> new PlaceOrder("o", "c", null));
    IllegalArgumentException tracking =
        assertThrows(IllegalArgumentException.class, () -> new ShipOrder("abc"));
    assertEquals(
        "invalid tracking number 'abc': use 8 to 30 upper-case letters or digits",
        tracking.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ShipOrder("TRACK 12345"));
    assertThrows(IllegalArgumentException.class, () -> new CancelOrder(" "));
  }

  @Test
  void anOrderWithoutLinesIsRejected() {
    ORDER.given().when(new PlaceOrder("o-1", "c-7", List.of()))
        .thenRejected("cannot place order o-1: it has no lines; at least one is needed");
  }

  @Test
  void anOrderWithTooManyLinesIsRejected() {
    List<LineItem> lines = new ArrayList<>();
    for (int i = 0; i <= Order.MAX_LINES; i++) {
      lines.add(line("SKU-" + i, 1, 100));
    }
    ORDER.given().when(new PlaceOrder("o-1", "c-7", lines))
        .thenRejected("cannot place order o-1: it has 101 lines; at most 100 are allowed");
  }

  @Test
  void aSkuOnTwoLinesIsRejected() {
    ORDER.given()
        .when(new PlaceOrder("o-1", "c-7", List.of(line("APPLE", 1, 100), line("APPLE", 2, 90))))
        .thenRejected(
            "cannot place order o-1: SKU APPLE is on more than one line;"
                + " put its whole quantity on one line");
  }

  @Test
  void theRepositoryStoresEventsAndFoldsThemBack() {
    try (InMemoryEventStore store = new InMemoryEventStore(EventTypes.of(OrderEvent.class))) {
      AggregateRepository<OrderCommand, Order, OrderEvent> orders = Order.repository(store);
      StreamId id = Order.stream("o-1");
      orders.handle(id, new PlaceOrder("o-1", "c-7", List.of(line("APPLE", 2, 150))));
      orders.handle(id, new ConfirmOrder());
      orders.handle(id, new ShipOrder("TRACK12345"));

      CommandRejectedException rejected =
          assertThrows(CommandRejectedException.class, () -> orders.handle(id, new ConfirmOrder()));
      assertEquals(
          "cannot confirm order o-1: it is SHIPPED, and only a PLACED order can be confirmed",
          rejected.reason());

      Order order = orders.load(id).state();
      assertEquals(OrderStatus.SHIPPED, order.status());
      assertEquals(Money.ofCents(300), order.total());
      assertEquals(Version.of(3), store.currentVersion(id), "a rejection writes nothing");
      List<String> types = new ArrayList<>();
      for (RecordedEvent<?> event : store.readStream(id)) {
        types.add(event.type());
      }
      assertEquals(List.of("OrderPlaced", "OrderConfirmed", "OrderShipped"), types);
    }
  }

  /**
   * Any sequence of commands, legal or not, leaves a history that obeys the state machine: each
   * event moves the order to a status its predecessor may become.
   */
  @Test
  void noSequenceOfCommandsBreaksTheStateMachine() {
    List<OrderCommand> commands =
        List.of(
            new PlaceOrder("o-1", "c-7", List.of(line("APPLE", 1, 100))),
            new ConfirmOrder(),
            new CancelOrder("changed mind"),
            new ShipOrder("TRACK12345"),
            new DeliverOrder());
    qt().withFixedSeed(7L)
        .withExamples(500)
        .forAll(lists().of(integers().between(0, commands.size() - 1)).ofSizeBetween(0, 12))
        .checkAssert(
            picks -> {
              Order order = Order.DECIDER.initialState();
              for (int pick : picks) {
                List<OrderEvent> events;
                try {
                  events = Order.DECIDER.decide(commands.get(pick), order);
                } catch (CommandRejectedException e) {
                  continue;
                }
                for (OrderEvent event : events) {
                  Order next = Order.DECIDER.evolve(order, event);
                  assertTrue(order.status().canBecome(next.status()),
                      order.status() + " -> " + next.status() + " by " + event);
                  order = next;
                }
              }
            });
  }

  @Test
  void foldingCostsTheSameHoweverLongTheOrdersStream() {
    OrderPlaced placed = new OrderPlaced("o-1", "c-1",
        List.of(new LineItem(Sku.of("APPLE"), 2, Money.ofCents(150))));
    FoldCost.of(Order.DECIDER).assertConstantPerEvent(i -> i == 0 ? placed
        : i % 2 == 1 ? new OrderConfirmed("o-1") : new OrderShipped("o-1", "t-" + i));
  }
}
