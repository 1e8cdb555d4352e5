package dev.eventcore.examples.demo;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.fulfillment.Fulfillment;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.examples.fulfillment.FulfillmentSaga;
import dev.eventcore.examples.inventory.Inventory;
import dev.eventcore.examples.inventory.InventoryCommand;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderCommand;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.payment.SimulatedPaymentGateway;
import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.saga.SagaRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** One run of the demo scenario on a store; {@link #run()} returns what the summary printed. */
final class DemoRun {
  /** The products: SKU and unit price in cents. */
  static final Map<String, Long> PRODUCTS = new LinkedHashMap<>();

  static {
    PRODUCTS.put("APPLE", 125L);
    PRODUCTS.put("PEAR", 180L);
    PRODUCTS.put("PLUM", 95L);
    PRODUCTS.put("FIG", 450L);
    PRODUCTS.put("MANGO", 320L);
    PRODUCTS.put("KIWI", 60L);
  }

  private final EventStore store;
  private final DemoOptions options;
  private final PrintStream out;
  final DemoModels models;
  final CurrentOrders orders;
  private GlobalPosition head = GlobalPosition.START;

  /** A run on {@code store} with {@code models} (in memory, or tables in the store's database). */
  DemoRun(EventStore store, DemoModels models, DemoOptions options, PrintStream out) {
    this.store = store;
    this.models = models;
    this.orders = models.orders();
    this.options = options;
    this.out = out;
  }

  /** Runs the scenario and prints the summary. */
  DemoSummary run() throws InterruptedException {
    long started = System.nanoTime();
    long eventsBefore = store.countAfter(GlobalPosition.START, EventFilter.all());
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(options.seed(), 0.15, 0.03);
    List<Projection> projections = models.projections();
    try (SagaRunner<Fulfillment> sagas = SagaRunner.builder(store,
            new FulfillmentSaga(options.paymentTimeout()), new FulfillmentDispatcher(store, gateway))
            // the timer's tick shares the runner's lock with event handling: not too often
            .tickInterval(Duration.ofMillis(250)).build();
        ProjectionRunner runner = ProjectionRunner.builder(store, models.checkpoints())
            .tick(Duration.ofMillis(50)).build()) {
      for (Projection projection : projections) {
        runner.register(projection);
      }
      if (eventsBefore > 0) {
        catchUp(runner, projections, eventsBefore);
      }
      runner.register(sagas.projection());
      runner.startAll();
      sagas.start();

      long placing = System.nanoTime();
      int first = orders.size() + 1;
      restock(options.orders());
      out.printf("%nPlacing %d orders (15%% of payments declined, 3%% of gateway answers lost)%n",
          options.orders());
      Random random = new Random(options.seed() + first);
      int step = Math.max(1, options.orders() / 5);
      for (int i = 0; i < options.orders(); i++) {
        place("o-" + (first + i), random);
        if ((i + 1) % step == 0) {
          progress("  placed " + (i + 1) + "/" + options.orders());
        }
      }
      List<Projection> all = new ArrayList<>(projections);
      all.add(sagas.projection());
      settle(runner, all, sagas, first - 1 + options.orders());
      double settled = (System.nanoTime() - placing) / 1e9;
      awaitModels(runner, projections);
      double seconds = (System.nanoTime() - started) / 1e9;
      long written = store.countAfter(GlobalPosition.START, EventFilter.all()) - eventsBefore;
      DemoSummary summary = DemoSummary.of(this, sagas.stats(),
          new DemoSummary.Timing(options.orders(), settled, written, seconds), eventsBefore);
      summary.print(out);
      return summary;
    }
  }

  /**
   * Waits until the read models show all {@code expected} orders, none in flight, no saga open,
   * and every projection is done with the log's end as seen after that (the log is read below the
   * store's horizon, so it is read after the tables: it holds at least what they applied). Gives
   * up only when nothing moves (no new event, no order settled) for a minute.
   */
  private void settle(ProjectionRunner runner, List<Projection> all, SagaRunner<Fulfillment> sagas,
      int expected) throws InterruptedException {
    long lastMove = System.nanoTime();
    long lastPrint = lastMove;
    int lastInFlight = -1;
    while (true) {
      boolean quiet = orders.size() == expected && sagas.openInstances().isEmpty();
      int inFlight = inFlight();
      GlobalPosition latest = headOf(store, head);
      boolean caughtUp = caughtUp(runner, all, latest, Duration.ofMillis(250));
      if (quiet && inFlight == 0 && caughtUp) {
        break;
      }
      long now = System.nanoTime();
      if (!latest.equals(head) || inFlight != lastInFlight) {
        head = latest;
        lastInFlight = inFlight;
        lastMove = now;
      } else if (now - lastMove > Duration.ofSeconds(60).toNanos()) {
        throw new IllegalStateException(inFlight + " orders in flight and nothing moved for 60 s");
      }
      if (caughtUp) {
        Thread.sleep(250);
      }
      if (now - lastPrint > Duration.ofSeconds(5).toNanos()) {
        progress("  settling");
        lastPrint = now;
      }
    }
    progress("  all settled");
  }

  /** Brings the read models up to the stored events: a rebuild in memory, a resume on tables. */
  private void catchUp(ProjectionRunner runner, List<Projection> projections, long stored)
      throws InterruptedException {
    out.printf("%nThis store already holds %,d events from earlier runs.%n", stored);
    if (models.durable()) {
      out.println("Resuming the read-model tables from their stored checkpoints ...");
    } else {
      out.println("Rebuilding the read models from them (nothing else is stored) ...");
    }
    int before = orders.size();
    runner.startAll();
    awaitModels(runner, projections);
    out.printf("  %s: %,d orders, %,d customers, %d SKUs; %s%n",
        models.durable() ? "resumed" : "rebuilt", orders.size(), models.customers().size(),
        models.inventory().all().size(), orders.countByStatus());
    if (models.durable()) {
      out.printf("  %,d orders were already in the tables when this process started.%n", before);
      RestartCheck.run(store, models, head, out);
    }
    out.println("  unfinished sagas resume from their own streams.");
  }

  private void awaitModels(ProjectionRunner runner, List<Projection> projections)
      throws InterruptedException {
    head = awaitHead(store, runner, projections, head);
  }

  /** Waits until every projection is done with the store's last event; that event's position. */
  static GlobalPosition awaitHead(EventStore store, ProjectionRunner runner,
      List<Projection> projections, GlobalPosition from) throws InterruptedException {
    GlobalPosition head = headOf(store, from);
    if (!caughtUp(runner, projections, head, Duration.ofSeconds(60))) {
      throw new IllegalStateException("the read models did not reach " + head + " within 60 s");
    }
    return head;
  }

  /** The position of the store's last event (at or after {@code from}). */
  private static GlobalPosition headOf(EventStore store, GlobalPosition from) {
    GlobalPosition head = from;
    List<RecordedEvent<?>> page;
    while (!(page = store.readAll(head, 10_000)).isEmpty()) {
      head = page.get(page.size() - 1).position();
    }
    return head;
  }

  /** Whether every projection is done with {@code head} within {@code timeout} (each). */
  private static boolean caughtUp(ProjectionRunner runner, List<Projection> projections,
      GlobalPosition head, Duration timeout) throws InterruptedException {
    for (Projection projection : projections) {
      if (!runner.awaitPosition(projection.name(), head, timeout)) {
        return false;
      }
    }
    return true;
  }

  private void restock(int orderCount) {
    AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock =
        Inventory.repository(store);
    for (String sku : PRODUCTS.keySet()) {
      // roughly what the orders need; FIG a little short, so some orders run out of stock
      int quantity = "FIG".equals(sku) ? orderCount / 2 : orderCount * 2 / 3 + 10;
      stock.handle(Inventory.stream(Sku.of(sku)),
          new InventoryCommand.ReceiveStock(Sku.of(sku), quantity));
    }
  }

  private void place(String orderId, Random random) {
    AggregateRepository<OrderCommand, Order, OrderEvent> repository = Order.repository(store);
    List<String> skus = new ArrayList<>(PRODUCTS.keySet());
    java.util.Collections.shuffle(skus, random);
    List<LineItem> lines = new ArrayList<>();
    for (String sku : skus.subList(0, 1 + random.nextInt(3))) {
      lines.add(new LineItem(Sku.of(sku), 1 + random.nextInt(3), Money.ofCents(PRODUCTS.get(sku))));
    }
    String customer = "c-" + (1 + random.nextInt(40));
    repository.handle(Order.stream(orderId), new OrderCommand.PlaceOrder(orderId, customer, lines));
  }

  private int inFlight() {
    Map<OrderStatus, Long> counts = orders.countByStatus();
    return (int) (counts.getOrDefault(OrderStatus.PLACED, 0L)
        + counts.getOrDefault(OrderStatus.CONFIRMED, 0L)
        + counts.getOrDefault(OrderStatus.SHIPPED, 0L));
  }

  private void progress(String what) {
    Map<OrderStatus, Long> counts = orders.countByStatus();
    out.printf("%-20s delivered %5d · cancelled %4d · in flight %4d%n", what,
        counts.getOrDefault(OrderStatus.DELIVERED, 0L),
        counts.getOrDefault(OrderStatus.CANCELLED, 0L), inFlight());
  }
}
