package dev.eventcore.examples.fulfillment;

import dev.eventcore.AppendResult;
import dev.eventcore.EventStore;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandContext;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Cancel;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Charge;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Commit;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Confirm;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Deliver;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Release;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Reserve;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Ship;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.VoidCharge;
import dev.eventcore.examples.inventory.Inventory;
import dev.eventcore.examples.inventory.InventoryCommand;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderCommand;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.payment.Payment;
import dev.eventcore.examples.payment.PaymentEvent;
import dev.eventcore.examples.payment.PaymentGateway;
import dev.eventcore.examples.payment.PaymentGatewayTimeoutException;
import dev.eventcore.examples.payment.PaymentProcessor;
import dev.eventcore.examples.payment.PaymentStatus;
import dev.eventcore.saga.CommandDispatcher;
import dev.eventcore.saga.SagaCommand;
import dev.eventcore.saga.SagaEvent;
import dev.eventcore.serialization.EventTypes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Executes the fulfillment saga's commands on the order, inventory and payment aggregates,
 * through their repositories and the {@link PaymentProcessor}. Order and inventory commands are
 * decided for the saga step's own transaction ({@link #decideInStep}): the step, its outbox and
 * the aggregates' events commit together; payment commands call the gateway after the step
 * committed. The repositories learn what became of the appends they decided ({@link
 * #committedInStep}, {@link #conflictInStep}), so a decision on a stream the saga wrote last needs
 * no read. Every command is idempotent there
 * (a repeated reservation or release decides nothing; the gateway deduplicates by payment id), so
 * a command dispatched again after a crash takes effect once. A refusal becomes {@link
 * Outcome#rejected}; a lost gateway answer on a charge is left to the saga's payment timeout; on a
 * void it is thrown, and the runner tries again at its next tick. Thread-safe.
 */
public final class FulfillmentDispatcher implements CommandDispatcher {
  private static final String INVENTORY_CATEGORY = Inventory.stream(new Sku("ANY")).category();
  private final AggregateRepository<OrderCommand, Order, OrderEvent> orders;
  private final AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock;
  private final PaymentProcessor payments;

  /** A dispatcher writing to {@code store} and charging through {@code gateway}. */
  public FulfillmentDispatcher(EventStore store, PaymentGateway gateway) {
    Objects.requireNonNull(store, "store");
    this.orders = Order.repository(store);
    this.stock = Inventory.repository(store);
    this.payments = new PaymentProcessor(Payment.repository(store), gateway);
  }

  /**
   * The order repository this dispatcher decides with. Place orders through it too: its cache
   * then holds each order when the saga's first command on it is decided, which costs no read.
   */
  public AggregateRepository<OrderCommand, Order, OrderEvent> orders() {
    return orders;
  }

  /** The inventory repository this dispatcher decides with; receive stock through it too. */
  public AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock() {
    return stock;
  }

  /** Every event type the fulfillment writes: the aggregates', the saga's and its outbox. */
  public static EventTypes eventTypes() {
    return EventTypes.of(OrderEvent.class, InventoryEvent.class, PaymentEvent.class,
        FulfillmentEvent.class, FulfillmentCommand.class, SagaEvent.class);
  }

  /**
   * Decides an order or inventory command for the saga step's own transaction; payment commands
   * go to the gateway, so they are dispatched after the step commits.
   */
  @Override
  public Optional<List<StreamAppend>> decideInStep(SagaCommand sagaCommand) {
    FulfillmentCommand command = (FulfillmentCommand) sagaCommand.command();
    if (command instanceof Charge || command instanceof VoidCharge) {
      return Optional.empty();
    }
    CommandContext context = contextOf(sagaCommand);
    try {
      Optional<StreamAppend> append = isInventory(command)
          ? stock.decide(inventoryStream(command), toInventory(command), context)
          : orders.decide(Order.stream(command.orderId()), toOrder(command), context);
      return Optional.of(append.map(List::of).orElse(List.of()));
    } catch (CommandRejectedException e) {
      // the same reason text as a rejection through dispatch
      throw new CommandRejectedException(e.getMessage());
    }
  }

  /** The order or inventory stream of a command decided in the step; payments have none. */
  @Override
  public Optional<StreamId> streamOf(SagaCommand sagaCommand) {
    FulfillmentCommand command = (FulfillmentCommand) sagaCommand.command();
    if (command instanceof Charge || command instanceof VoidCharge) {
      return Optional.empty();
    }
    return Optional.of(isInventory(command)
        ? inventoryStream(command) : Order.stream(command.orderId()));
  }

  /** Tells the order and inventory repositories what became of the appends they decided. */
  @Override
  public void committedInStep(List<StreamAppend> appends, AppendResult result) {
    for (StreamAppend append : appends) {
      if (isInventory(append.stream())) {
        stock.committed(append, result);
      } else {
        orders.committed(append, result);
      }
    }
  }

  /** Makes the repository of {@code stream} read what is new before its next decision. */
  @Override
  public void conflictInStep(StreamId stream) {
    if (isInventory(stream)) {
      stock.markStale(stream);
    } else {
      orders.markStale(stream);
    }
  }

  /** Whether {@code stream} is an inventory stream (else an order stream, the only others). */
  private static boolean isInventory(StreamId stream) {
    return stream.category().equals(INVENTORY_CATEGORY);
  }

  @Override
  public Outcome dispatch(SagaCommand sagaCommand) {
    FulfillmentCommand command = (FulfillmentCommand) sagaCommand.command();
    String orderId = command.orderId();
    CommandContext context = contextOf(sagaCommand);
    try {
      if (isInventory(command)) {
        stock.handle(inventoryStream(command), toInventory(command), context);
      } else if (command instanceof Charge) {
        charge((Charge) command);
      } else if (command instanceof VoidCharge) {
        Payment payment = payments.pay(orderId, ((VoidCharge) command).amount());
        if (payment.status() == PaymentStatus.CHARGED) {
          payments.refund(orderId, "order cancelled");
        }
      } else {
        orders.handle(Order.stream(orderId), toOrder(command), context);
      }
      return Outcome.accepted();
    } catch (CommandRejectedException e) {
      return Outcome.rejected(e.getMessage());
    }
  }

  private static CommandContext contextOf(SagaCommand sagaCommand) {
    FulfillmentCommand command = (FulfillmentCommand) sagaCommand.command();
    return CommandContext.of(command.orderId(), sagaCommand.id().toString());
  }

  private static boolean isInventory(FulfillmentCommand command) {
    return command instanceof Reserve || command instanceof Release || command instanceof Commit;
  }

  private static StreamId inventoryStream(FulfillmentCommand command) {
    if (command instanceof Reserve) {
      return Inventory.stream(((Reserve) command).sku());
    }
    if (command instanceof Release) {
      return Inventory.stream(((Release) command).sku());
    }
    return Inventory.stream(((Commit) command).sku());
  }

  private static InventoryCommand toInventory(FulfillmentCommand command) {
    String orderId = command.orderId();
    if (command instanceof Reserve) {
      Reserve reserve = (Reserve) command;
      return new InventoryCommand.ReserveStock(reserve.sku(), orderId, reserve.quantity());
    }
    if (command instanceof Release) {
      return new InventoryCommand.ReleaseReservation(((Release) command).sku(), orderId);
    }
    Commit commit = (Commit) command;
    return new InventoryCommand.CommitReservation(commit.sku(), orderId);
  }

  private void charge(Charge charge) {
    try {
      payments.pay(charge.orderId(), charge.amount());
    } catch (PaymentGatewayTimeoutException e) {
      // The gateway took the request but its answer was lost: the saga's timeout decides.
    }
  }

  private static OrderCommand toOrder(FulfillmentCommand command) {
    if (command instanceof Confirm) {
      return new OrderCommand.ConfirmOrder();
    }
    if (command instanceof Ship) {
      return new OrderCommand.ShipOrder(((Ship) command).trackingNumber());
    }
    if (command instanceof Deliver) {
      return new OrderCommand.DeliverOrder();
    }
    if (command instanceof Cancel) {
      return new OrderCommand.CancelOrder(((Cancel) command).reason());
    }
    throw new IllegalArgumentException("unknown fulfillment command " + command);
  }
}
