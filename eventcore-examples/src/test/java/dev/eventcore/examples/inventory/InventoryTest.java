package dev.eventcore.examples.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.inventory.InventoryCommand.CommitReservation;
import dev.eventcore.examples.inventory.InventoryCommand.ReceiveStock;
import dev.eventcore.examples.inventory.InventoryCommand.ReleaseReservation;
import dev.eventcore.examples.inventory.InventoryCommand.ReserveStock;
import dev.eventcore.examples.inventory.InventoryEvent.ReservationCommitted;
import dev.eventcore.examples.inventory.InventoryEvent.ReservationReleased;
import dev.eventcore.examples.inventory.InventoryEvent.StockReceived;
import dev.eventcore.examples.inventory.InventoryEvent.StockReserved;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.testkit.DeciderFixture;
import dev.eventcore.testkit.FoldCost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The inventory's rules: availability, idempotent reservations, release and commit. */
class InventoryTest {
  static final DeciderFixture<InventoryCommand, Inventory, InventoryEvent> STOCK =
      DeciderFixture.of(Inventory.DECIDER);
  static final Sku APPLE = Sku.of("APPLE");
  static final StockReceived TEN = new StockReceived(APPLE, 10);
  static final StockReserved O1_HOLDS_3 = new StockReserved(APPLE, "o-1", 3);

  @Test
  void receivedStockIsOnHandAndAvailable() {
    STOCK.given(TEN).when(new ReceiveStock(APPLE, 5)).then(new StockReceived(APPLE, 5))
        .thenState(new Inventory("APPLE", 15, Map.of()));
    Inventory stock = STOCK.given(TEN, new StockReceived(APPLE, 5)).state();
    assertEquals(15, stock.onHand());
    assertEquals(0, stock.reserved());
    assertEquals(15, stock.available());
  }

  @Test
  void aReservationHoldsStockOnHandButMakesItUnavailable() {
    STOCK.given(TEN).when(new ReserveStock(APPLE, "o-1", 3)).then(O1_HOLDS_3)
        .thenState(new Inventory("APPLE", 10,
            Map.of("o-1", new Reservation(3, Reservation.Status.HELD))));
    Inventory stock = STOCK.given(TEN, O1_HOLDS_3).state();
    assertEquals(10, stock.onHand());
    assertEquals(3, stock.reserved());
    assertEquals(7, stock.available());
  }

  @Test
  void reservingExactlyTheAvailableStockIsAllowed() {
    STOCK.given(TEN, O1_HOLDS_3).when(new ReserveStock(APPLE, "o-2", 7))
        .then(new StockReserved(APPLE, "o-2", 7));
  }

  @Test
  void reservingMoreThanIsAvailableIsRejected() {
    STOCK.given(TEN, O1_HOLDS_3).when(new ReserveStock(APPLE, "o-2", 8))
        .thenRejected(
            "not enough APPLE for order o-2: 8 requested, 7 available (10 on hand, 3 reserved)");
    STOCK.given().when(new ReserveStock(APPLE, "o-1", 1))
        .thenRejected(
            "not enough APPLE for order o-1: 1 requested, 0 available (0 on hand, 0 reserved)");
  }

  @Test
  void reservingAgainForTheSameOrderIsANoOp() {
    STOCK.given(TEN, O1_HOLDS_3).when(new ReserveStock(APPLE, "o-1", 3)).thenNothing()
        .thenState(STOCK.given(TEN, O1_HOLDS_3).state());
  }

  @Test
  void reservingAgainAfterShipmentIsStillANoOp() {
    STOCK.given(TEN, O1_HOLDS_3, new ReservationCommitted(APPLE, "o-1", 3))
        .when(new ReserveStock(APPLE, "o-1", 3)).thenNothing();
  }

  @Test
  void aDifferentQuantityForAnOrderThatReservedIsRejected() {
    STOCK.given(TEN, O1_HOLDS_3).when(new ReserveStock(APPLE, "o-1", 4))
        .thenRejected("order o-1 already reserved 3 of APPLE; it cannot reserve 4 as well");
  }

  @Test
  void reservingAgainAfterAReleaseIsRejected() {
    STOCK.given(TEN, O1_HOLDS_3, new ReservationReleased(APPLE, "o-1", 3))
        .when(new ReserveStock(APPLE, "o-1", 3))
        .thenRejected(
            "the reservation of APPLE for order o-1 was released; an order reserves a SKU once");
  }

  @Test
  void releasingMakesTheStockAvailableAgainOnce() {
    STOCK.given(TEN, O1_HOLDS_3).when(new ReleaseReservation(APPLE, "o-1"))
        .then(new ReservationReleased(APPLE, "o-1", 3));
    Inventory released =
        STOCK.given(TEN, O1_HOLDS_3, new ReservationReleased(APPLE, "o-1", 3)).state();
    assertEquals(10, released.available());
    assertEquals(10, released.onHand());
    STOCK.given(TEN, O1_HOLDS_3, new ReservationReleased(APPLE, "o-1", 3))
        .when(new ReleaseReservation(APPLE, "o-1")).thenNothing();
  }

  @Test
  void committingTakesTheStockOffHandOnce() {
    STOCK.given(TEN, O1_HOLDS_3).when(new CommitReservation(APPLE, "o-1"))
        .then(new ReservationCommitted(APPLE, "o-1", 3));
    Inventory shipped =
        STOCK.given(TEN, O1_HOLDS_3, new ReservationCommitted(APPLE, "o-1", 3)).state();
    assertEquals(7, shipped.onHand());
    assertEquals(0, shipped.reserved());
    assertEquals(7, shipped.available());
    STOCK.given(TEN, O1_HOLDS_3, new ReservationCommitted(APPLE, "o-1", 3))
        .when(new CommitReservation(APPLE, "o-1")).thenNothing();
  }

  @Test
  void aSettledReservationCannotBeSettledTheOtherWay() {
    STOCK.given(TEN, O1_HOLDS_3, new ReservationCommitted(APPLE, "o-1", 3))
        .when(new ReleaseReservation(APPLE, "o-1"))
        .thenRejected(
            "cannot release the reservation of APPLE for order o-1: it was committed already");
    STOCK.given(TEN, O1_HOLDS_3, new ReservationReleased(APPLE, "o-1", 3))
        .when(new CommitReservation(APPLE, "o-1"))
        .thenRejected(
            "cannot commit the reservation of APPLE for order o-1: it was released already");
  }

  @Test
  void releasingOrCommittingWithoutAReservationIsRejected() {
    STOCK.given(TEN).when(new ReleaseReservation(APPLE, "o-9"))
        .thenRejected(
            "cannot release the reservation of APPLE for order o-9: the order reserved none");
    STOCK.given().when(new CommitReservation(APPLE, "o-9"))
        .thenRejected(
            "cannot commit the reservation of this SKU for order o-9: the order reserved none");
  }

  @Test
  void aCommandForAnotherSkuIsAProgrammingError() {
    IllegalArgumentException e =
        STOCK.given(TEN).when(new ReceiveStock(Sku.of("PEAR"), 1))
            .thenThrows(IllegalArgumentException.class);
    assertEquals(
        "a command for SKU PEAR was sent to the stock of SKU APPLE;"
            + " send it to Inventory.stream(PEAR)",
        e.getMessage());
  }

  @Test
  void quantitiesMustBePositiveAndBounded() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ReceiveStock(APPLE, 0));
    assertEquals("quantity is 0; allowed: 1 to 1000000", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ReserveStock(APPLE, "o-1", 1_000_001));
    assertThrows(IllegalArgumentException.class, () -> new ReserveStock(APPLE, "o 1", 1));
  }

  /**
   * Whatever orders ask in whatever order, the books balance: on hand is received minus
   * committed, reserved is the sum of held reservations, and available never goes below zero.
   */
  @Test
  void noSequenceOfRequestsOverReservesOrLosesStock() {
    qt().withFixedSeed(11L)
        .withExamples(300)
        .forAll(lists().of(integers().between(0, 4 * 5 * 8 - 1)).ofSizeBetween(1, 40))
        .checkAssert(
            picks -> {
              Inventory stock = Inventory.DECIDER.initialState();
              long received = 0;
              long committed = 0;
              for (int pick : picks) {
                String order = "o-" + (pick / 4) % 5;
                int quantity = 1 + pick / 20;
                InventoryCommand command;
                switch (pick % 4) {
                  case 0: command = new ReceiveStock(APPLE, quantity); break;
                  case 1: command = new ReserveStock(APPLE, order, quantity); break;
                  case 2: command = new ReleaseReservation(APPLE, order); break;
                  default: command = new CommitReservation(APPLE, order); break;
                }
                List<InventoryEvent> events;
                try {
                  events = Inventory.DECIDER.decide(command, stock);
                } catch (CommandRejectedException rejected) {
                  continue;
                }
                for (InventoryEvent event : events) {
                  if (event instanceof StockReceived) {
                    received += ((StockReceived) event).quantity();
                  } else if (event instanceof ReservationCommitted) {
                    committed += ((ReservationCommitted) event).quantity();
                  }
                  stock = Inventory.DECIDER.evolve(stock, event);
                }
                assertEquals(received - committed, stock.onHand());
                assertTrue(stock.available() >= 0, "available " + stock.available());
                assertTrue(stock.reserved() <= stock.onHand());
              }
            });
  }

  /** Eight threads race to reserve one SKU through the repository: none over-reserves. */
  @Test
  void concurrentReservationsNeverTakeMoreThanIsOnHand() throws Exception {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock =
          AggregateRepository.builder(store, Inventory.DECIDER, InventoryEvent.class)
              .retryPolicy(RetryPolicy.defaults().withMaxAttempts(1_000)
                  .withBackoff(Duration.ofNanos(10_000), Duration.ofMillis(1), 2.0))
              .build();
      StreamId apple = Inventory.stream(APPLE);
      stock.handle(apple, new ReceiveStock(APPLE, 100));
      AtomicInteger granted = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        workers.add(pool.submit(() -> {
          for (int i = 0; i < 20; i++) {
            String order = "o-" + thread + "-" + i;
            try {
              stock.handle(apple, new ReserveStock(APPLE, order, 1));
              stock.handle(apple, new ReserveStock(APPLE, order, 1)); // a redelivery: no-op
              granted.incrementAndGet();
            } catch (CommandRejectedException soldOut) {
              // expected once the 100 items are gone
            }
          }
        }));
      }
      try {
        for (Future<?> worker : workers) {
          worker.get(60, TimeUnit.SECONDS); // rethrows any unexpected failure
        }
      } finally {
        pool.shutdownNow();
      }
      Inventory after = stock.load(apple).state();
      assertEquals(100, granted.get(), "160 requests for 100 items");
      assertEquals(100, after.reserved());
      assertEquals(0, after.available());
      assertEquals(101, store.currentVersion(apple).value(), "one event per grant, none twice");
    }
  }

  @Test
  void foldingCostsTheSameOnTheTenThousandthOrderAsOnTheFirst() {
    FoldCost.of(Inventory.DECIDER).assertConstantPerEvent(i -> switch (i % 4) {
      case 0 -> new StockReceived(APPLE, 2);
      case 1 -> new StockReserved(APPLE, "o-" + i, 1);
      case 2 -> new ReservationCommitted(APPLE, "o-" + (i - 1), 1);
      default -> new StockReserved(APPLE, "o-" + i, 1);
    });
  }
}
