package dev.eventcore.examples.readmodel.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandRejectedException;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * After any history of orders (placed, confirmed, shipped, delivered, cancelled, with illegal
 * transitions rejected) and stock movements, each PostgreSQL table read model answers every query
 * exactly like its in-memory twin fed by the same log. The history grows over the examples (fresh
 * ids each time), so later examples compare ever larger tables.
 */
class TableReadModelsParityTest {
  static final Sku[] SKUS = {Sku.of("APPLE"), Sku.of("PEAR"), Sku.of("FIG")};

  /** A command (or a path of them, 2..4): what (0..11), which order of the example, SKU, quantity. */
  record Step(int kind, int order, int sku, int quantity) {}

  static final Gen<List<Step>> HISTORIES = lists()
      .of(integers().between(0, 11).zip(integers().between(0, 5), integers().between(0, 2),
          integers().between(1, 6), Step::new))
      .ofSizeBetween(1, 40);

  private static Tables tables;
  private static AggregateRepository<OrderCommand, Order, OrderEvent> orders;
  private static AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock;
  private static int example;
  private static boolean sawReserved;

  @BeforeAll
  static void open() {
    tables = new Tables();
    orders = Order.repository(tables.store);
    stock = Inventory.repository(tables.store);
    tables.startAll();
  }

  @AfterAll
  static void close() throws Exception {
    tables.close();
  }

  @Test
  void everyTableAnswersLikeItsInMemoryTwinAfterAnyHistory() {
    qt().withFixedSeed(20_261_123L)
        .withExamples(30)
        .forAll(HISTORIES)
        .checkAssert(TableReadModelsParityTest::check);
    for (OrderStatus status : OrderStatus.values()) {
      long count = tables.ordersTwin.countByStatus().getOrDefault(status, 0L);
      assertTrue(status == OrderStatus.NEW || count > 0,
          "histories reach every status: " + tables.ordersTwin.countByStatus());
    }
    assertTrue(sawReserved, "some example compared reserved stock");
  }

  static void check(List<Step> steps) {
    int n = ++example;
    for (Step step : steps) {
      try {
        write(n, step);
      } catch (CommandRejectedException illegal) {
        // an illegal transition: nothing written, as in real life
      }
    }
    try {
      tables.awaitAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    tables.assertTablesAnswerLikeTwins();
    sawReserved |= tables.inventoryTwin.all().stream().anyMatch(level -> level.reserved() > 0);
  }

  /** Confirms (2), then ships (3), then delivers (4), each step rejected if illegal. */
  private static void advance(String orderId, int upTo, int n, int order) {
    List<OrderCommand> path = List.of(new OrderCommand.ConfirmOrder(),
        new OrderCommand.ShipOrder(String.format("TRK%05d%d", n, order)),
        new OrderCommand.DeliverOrder());
    for (OrderCommand command : path.subList(0, upTo - 1)) {
      try {
        orders.handle(Order.stream(orderId), command);
      } catch (CommandRejectedException illegal) {
        // already past this step, or cancelled
      }
    }
  }

  private static void write(int n, Step step) {
    String orderId = "o" + n + "-" + step.order();
    Sku sku = SKUS[step.sku()];
    switch (step.kind()) {
      case 0:
      case 1:
        List<LineItem> lines = new ArrayList<>();
        lines.add(new LineItem(sku, step.quantity(), Money.ofCents(99 + 150L * step.sku())));
        if (step.kind() == 1) {
          lines.add(new LineItem(SKUS[(step.sku() + 1) % SKUS.length], 1, Money.ofCents(1_250)));
        }
        orders.handle(Order.stream(orderId),
            new OrderCommand.PlaceOrder(orderId, "c-" + (step.quantity() % 4), lines));
        break;
      case 2:
      case 3:
      case 4:
        advance(orderId, step.kind(), n, step.order());
        break;
      case 5:
        orders.handle(Order.stream(orderId), new OrderCommand.CancelOrder("reason " + step.sku()));
        break;
      case 6:
      case 7:
        stock.handle(Inventory.stream(sku),
            new InventoryCommand.ReceiveStock(sku, step.quantity()));
        break;
      case 8:
      case 9:
        stock.handle(Inventory.stream(sku),
            new InventoryCommand.ReserveStock(sku, orderId, step.quantity()));
        break;
      case 10:
        stock.handle(Inventory.stream(sku), new InventoryCommand.ReleaseReservation(sku, orderId));
        break;
      default:
        stock.handle(Inventory.stream(sku), new InventoryCommand.CommitReservation(sku, orderId));
        break;
    }
  }
}
