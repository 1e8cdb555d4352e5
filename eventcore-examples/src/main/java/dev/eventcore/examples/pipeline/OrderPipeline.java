package dev.eventcore.examples.pipeline;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.fulfillment.Fulfillment;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.examples.fulfillment.FulfillmentSaga;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.payment.SimulatedPaymentGateway;
import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.observe.Observer;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.saga.SagaRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The order pipeline, end to end, on one store: restock six products, place orders from a seeded
 * random, let the fulfillment saga reserve stock, charge a {@link SimulatedPaymentGateway} (15% of
 * payments declined, 3% of answers lost), ship and deliver or compensate, keep four read models,
 * and wait until every order is delivered or cancelled, no saga is open and every read model has
 * caught up. The demo runs it and prints it; the benchmark suite measures it.
 *
 * <pre>{@code
 * try (EventStore store = new InMemoryEventStore(FulfillmentDispatcher.eventTypes())) {
 *   PipelineResult result = new OrderPipeline(store, PipelineModels.inMemory(),
 *       PipelineOptions.of(1_000, 42), PipelineListener.none()).run();
 *   result.ordersPerSecond();
 * }
 * }</pre>
 *
 * <p>For a seed, the outcome (how many orders are delivered, cancelled for each reason) is the
 * same run after run: one client thread places the orders in order, and the saga meets the
 * gateway's seeded answers in that order. Placing from several threads would reorder the orders
 * in the log and so hand the seeded answers to other orders. A store that already holds orders
 * continues their numbering. One repository per aggregate serves the whole run. Not thread-safe:
 * one {@link #run()} at a time.
 */
public final class OrderPipeline {
  private final EventStore store;
  private final PipelineModels models;
  private final PipelineOptions options;
  private final PipelineListener listener;
  private final CurrentOrders orders;
  private final Observer observer;
  private GlobalPosition head = GlobalPosition.START;

  /** A pipeline on {@code store} with {@code models} (in memory, or tables in its database). */
  public OrderPipeline(EventStore store, PipelineModels models, PipelineOptions options,
      PipelineListener listener) {
    this(store, models, options, listener, Observer.NONE);
  }

  /**
   * A pipeline whose saga runner and projection runner report to {@code observer} (its store
   * reports to whatever it was built with).
   */
  public OrderPipeline(EventStore store, PipelineModels models, PipelineOptions options,
      PipelineListener listener, Observer observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.store = Objects.requireNonNull(store, "store");
    this.models = Objects.requireNonNull(models, "models");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.orders = models.orders();
  }

  /**
   * Runs the scenario: catches up with earlier events, places the orders, waits until they settle.
   *
   * @throws IllegalStateException if nothing moves for 60 s, or the read models do not catch up
   */
  public PipelineResult run() throws InterruptedException {
    long started = System.nanoTime();
    long eventsBefore = store.countAfter(GlobalPosition.START, EventFilter.all());
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(
        options.seed(), PipelineOptions.DECLINE_RATE, PipelineOptions.LOST_ANSWER_RATE);
    List<Projection> projections = models.projections();
    FulfillmentDispatcher dispatcher = new FulfillmentDispatcher(store, gateway);
    try (SagaRunner<Fulfillment> sagas = SagaRunner.builder(store,
            new FulfillmentSaga(options.paymentTimeout()), dispatcher)
            .observer(observer).build();
        ProjectionRunner runner = ProjectionRunner.builder(store, models.checkpoints())
            .tick(Duration.ofMillis(50)).observer(observer).build()) {
      listener.started(runner);
      for (Projection projection : projections) {
        runner.register(projection);
      }
      if (eventsBefore > 0) {
        listener.catchingUp(eventsBefore);
        runner.startAll();
        head = awaitHead(store, runner, projections, head);
        listener.caughtUp(head);
      }
      runner.register(sagas.projection());
      runner.startAll();
      sagas.start();

      long placing = System.nanoTime();
      int first = orders.size() + 1;
      listener.placing(options.orders(), first);
      OrderSource source = new OrderSource(dispatcher, options.seed() + first);
      source.restock(options.orders());
      for (int i = 0; i < options.orders(); i++) {
        String orderId = "o-" + (first + i);
        source.place(orderId);
        listener.placed(orderId, i + 1, System.nanoTime());
      }
      List<Projection> all = new ArrayList<>(projections);
      all.add(sagas.projection());
      settle(runner, all, sagas, first - 1 + options.orders());
      long settled = System.nanoTime() - placing;
      head = awaitHead(store, runner, projections, head);
      listener.settled();
      long written = store.countAfter(GlobalPosition.START, EventFilter.all()) - eventsBefore;
      return new PipelineResult(options.orders(), settled, written, eventsBefore,
          System.nanoTime() - started, sagas.stats());
    }
  }

  /** Orders neither delivered nor cancelled in {@code counts} (orders per status). */
  public static int inFlight(Map<OrderStatus, Long> counts) {
    return (int) (counts.getOrDefault(OrderStatus.PLACED, 0L)
        + counts.getOrDefault(OrderStatus.CONFIRMED, 0L)
        + counts.getOrDefault(OrderStatus.SHIPPED, 0L));
  }

  /**
   * Waits until the read models show all {@code expected} orders, none in flight, no saga open,
   * and every projection (the saga's too) has caught up with the log.
   */
  private void settle(ProjectionRunner runner, List<Projection> all, SagaRunner<Fulfillment> sagas,
      int expected) throws InterruptedException {
    long lastMove = System.nanoTime();
    long lastPrint = lastMove;
    int lastInFlight = -1;
    while (true) {
      // one snapshot of the read model: the orders it holds and those in flight are counted
      // together (asked apart, an early "none in flight" and a later "all placed" would pass
      // while the model is still applying the placements)
      Map<OrderStatus, Long> counts = orders.countByStatus();
      int inFlight = inFlight(counts);
      long known = counts.values().stream().mapToLong(Long::longValue).sum();
      GlobalPosition latest = headOf(store, head);
      boolean caughtUp = caughtUp(runner, all, latest, Duration.ofMillis(250));
      // the saga's open instances are listed (copied and sorted) only when nothing is in flight
      if (inFlight == 0 && known == expected && caughtUp && sagas.openInstances().isEmpty()) {
        return;
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
        // the end is what is measured: look often once under 1% of the orders are in flight
        Thread.sleep(inFlight * 100L < expected ? 10 : 250);
      }
      if (now - lastPrint > Duration.ofSeconds(5).toNanos()) {
        listener.settling();
        lastPrint = now;
      }
    }
  }

  /**
   * Waits until every projection is done with the store's last event; that event's position.
   *
   * @throws IllegalStateException if they do not get there within 60 s
   */
  public static GlobalPosition awaitHead(EventStore store, ProjectionRunner runner,
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
}
