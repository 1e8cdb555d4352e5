package dev.eventcore.examples.fulfillment;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.fulfillment.Fulfillment.Stage;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Cancel;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Charge;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Commit;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Confirm;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Deliver;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Release;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Reserve;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Ship;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.VoidCharge;
import dev.eventcore.examples.fulfillment.FulfillmentEvent.Compensated;
import dev.eventcore.examples.fulfillment.FulfillmentEvent.Delivered;
import dev.eventcore.examples.fulfillment.FulfillmentEvent.LineReserved;
import dev.eventcore.examples.fulfillment.FulfillmentEvent.Paid;
import dev.eventcore.examples.fulfillment.FulfillmentEvent.PaymentAsked;
import dev.eventcore.examples.fulfillment.FulfillmentEvent.Started;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.examples.inventory.InventoryEvent.StockReserved;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderEvent.OrderDelivered;
import dev.eventcore.examples.order.OrderEvent.OrderPlaced;
import dev.eventcore.examples.order.OrderEvent.OrderShipped;
import dev.eventcore.examples.payment.PaymentEvent;
import dev.eventcore.examples.payment.PaymentEvent.PaymentCharged;
import dev.eventcore.examples.payment.PaymentEvent.PaymentDeclined;
import dev.eventcore.saga.Saga;
import dev.eventcore.saga.SagaStep;
import dev.eventcore.serialization.EventTypes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Order fulfillment as a saga, one instance per order (associated by the order id in the events):
 *
 * <pre>
 * OrderPlaced ──▶ Reserve each line ──all StockReserved──▶ Charge (+ timeout "payment")
 *   PaymentCharged  ──▶ Confirm, Commit each line, Ship ──OrderShipped──▶ Deliver ──▶ done
 *   PaymentDeclined ──▶ compensate: Release each line, Cancel
 *   a Reserve refused ──▶ compensate: Release each line, Cancel
 *   timeout "payment" ──▶ compensate: VoidCharge, Release each line, Cancel
 * </pre>
 *
 * <p>Compensation is an ordinary step. Releasing a line that was never reserved is refused by the
 * inventory and ignored, so the saga simply releases every line. Pure: no clock, no I/O.
 */
public final class FulfillmentSaga implements Saga<Fulfillment, FulfillmentEvent> {
  /** The name of the payment timeout. */
  public static final String PAYMENT_TIMEOUT = "payment";

  /** Built once: a filter of event types inspects the sealed hierarchies when it is built. */
  private static final EventFilter FILTER =
      EventTypes.of(OrderEvent.class, InventoryEvent.class, PaymentEvent.class).asFilter();

  private final Duration paymentTimeout;

  /** A saga that compensates when the payment has no answer after {@code paymentTimeout}. */
  public FulfillmentSaga(Duration paymentTimeout) {
    this.paymentTimeout = Objects.requireNonNull(paymentTimeout, "paymentTimeout");
  }

  @Override
  public String name() {
    return "fulfillment";
  }

  @Override
  public EventFilter filter() {
    return FILTER;
  }

  @Override
  public Optional<String> associationOf(RecordedEvent<?> event) {
    Object payload = event.payload();
    if (payload instanceof OrderEvent) {
      return Optional.of(((OrderEvent) payload).orderId());
    }
    if (payload instanceof StockReserved) {
      return Optional.of(((StockReserved) payload).orderId());
    }
    if (payload instanceof PaymentCharged || payload instanceof PaymentDeclined) {
      return Optional.of(((PaymentEvent) payload).orderId());
    }
    return Optional.empty();
  }

  @Override
  public Class<FulfillmentEvent> eventType() {
    return FulfillmentEvent.class;
  }

  @Override
  public Fulfillment initialState() {
    return Fulfillment.NONE;
  }

  @Override
  public Fulfillment evolve(Fulfillment state, FulfillmentEvent event) {
    if (event instanceof Started) {
      Started started = (Started) event;
      return new Fulfillment(started.orderId(), started.lines(), java.util.Set.of(),
          Stage.RESERVING, "");
    }
    if (event instanceof LineReserved) {
      return state.withReserved(((LineReserved) event).sku());
    }
    if (event instanceof PaymentAsked) {
      return state.at(Stage.PAYING);
    }
    if (event instanceof Paid) {
      return state.at(Stage.SHIPPING);
    }
    if (event instanceof Delivered) {
      return state.at(Stage.DELIVERED);
    }
    return state.compensated(((Compensated) event).reason());
  }

  @Override
  public SagaStep<FulfillmentEvent> react(Fulfillment state, RecordedEvent<?> event) {
    Object payload = event.payload();
    if (payload instanceof OrderPlaced && state.stage() == Stage.NEW) {
      OrderPlaced placed = (OrderPlaced) payload;
      SagaStep<FulfillmentEvent> step =
          SagaStep.record(new Started(placed.orderId(), placed.lines()));
      for (LineItem line : placed.lines()) {
        step = step.dispatch(new Reserve(placed.orderId(), line.sku(), line.quantity()));
      }
      return step;
    }
    if (payload instanceof StockReserved && state.stage() == Stage.RESERVING) {
      StockReserved reserved = (StockReserved) payload;
      if (state.reserved().contains(reserved.sku())) {
        return SagaStep.none();
      }
      SagaStep<FulfillmentEvent> step = SagaStep.record(new LineReserved(reserved.sku()));
      if (state.withReserved(reserved.sku()).fullyReserved()) {
        step = step.andRecord(new PaymentAsked())
            .dispatch(new Charge(state.orderId(), state.total()))
            .schedule(PAYMENT_TIMEOUT, paymentTimeout);
      }
      return step;
    }
    if (payload instanceof PaymentCharged && state.stage() == Stage.PAYING) {
      SagaStep<FulfillmentEvent> step = SagaStep.<FulfillmentEvent>record(new Paid())
          .cancel(PAYMENT_TIMEOUT)
          .dispatch(new Confirm(state.orderId()));
      for (LineItem line : state.lines()) {
        step = step.dispatch(new Commit(state.orderId(), line.sku()));
      }
      return step.dispatch(new Ship(state.orderId(), trackingNumber(state.orderId())));
    }
    if (payload instanceof PaymentDeclined && state.stage() == Stage.PAYING) {
      return compensate(state, "payment declined", false);
    }
    if (payload instanceof OrderShipped && state.stage() == Stage.SHIPPING) {
      return SagaStep.<FulfillmentEvent>none().dispatch(new Deliver(state.orderId()));
    }
    if (payload instanceof OrderDelivered && state.stage() == Stage.SHIPPING) {
      return SagaStep.<FulfillmentEvent>record(new Delivered()).complete();
    }
    return SagaStep.none();
  }

  @Override
  public SagaStep<FulfillmentEvent> onTimeout(Fulfillment state, String name) {
    if (state.stage() != Stage.PAYING) {
      return SagaStep.none();
    }
    return compensate(state, "no payment answer in " + paymentTimeout.toSeconds() + " s", true);
  }

  @Override
  public SagaStep<FulfillmentEvent> onRejected(Fulfillment state, Object command, String reason) {
    if (command instanceof Reserve && state.stage() == Stage.RESERVING) {
      return compensate(state, "out of stock", false);
    }
    if (state.stage() == Stage.PAYING || state.stage() == Stage.SHIPPING) {
      return compensate(state, "could not complete: " + reason, true);
    }
    return SagaStep.none();
  }

  private static SagaStep<FulfillmentEvent> compensate(
      Fulfillment state, String reason, boolean voidCharge) {
    SagaStep<FulfillmentEvent> step = SagaStep.<FulfillmentEvent>record(new Compensated(reason));
    if (voidCharge) {
      step = step.dispatch(new VoidCharge(state.orderId(), state.total()));
    }
    for (LineItem line : state.lines()) {
      step = step.dispatch(new Release(state.orderId(), line.sku()));
    }
    return step.dispatch(new Cancel(state.orderId(), reason)).complete();
  }

  /** A tracking number derived from the order id, so a re-decided step ships the same parcel. */
  static String trackingNumber(String orderId) {
    String digits = Long.toString(Integer.toUnsignedLong(orderId.hashCode())); // at most 10
    return "TRK" + "0".repeat(10 - digits.length()) + digits;
  }
}
