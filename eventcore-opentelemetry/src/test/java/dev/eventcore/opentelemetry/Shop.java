package dev.eventcore.opentelemetry;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandContext;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.observe.Observer;
import dev.eventcore.projection.Projection;
import dev.eventcore.saga.CommandDispatcher;
import dev.eventcore.saga.Saga;
import dev.eventcore.saga.SagaCommand;
import dev.eventcore.saga.SagaEvent;
import dev.eventcore.saga.SagaStep;
import dev.eventcore.serialization.EventTypes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small order flow for the tests: an order aggregate (place, ship), an order-summary
 * projection, and a fulfillment saga that ships each placed order through the repository.
 */
final class Shop {
  /** An order event. */
  sealed interface OrderEvent {
    String orderId();
  }

  record OrderPlaced(String orderId, int amount) implements OrderEvent {}

  record OrderShipped(String orderId) implements OrderEvent {}

  /** An order command. */
  sealed interface OrderCommand {}

  record PlaceOrder(String orderId, int amount) implements OrderCommand {}

  record ShipOrder(String orderId) implements OrderCommand {}

  /** The saga's own record. */
  record Fulfilling(String orderId) {}

  static final EventTypes TYPES = EventTypes.of(
      OrderEvent.class, OrderCommand.class, Fulfilling.class, SagaEvent.class);

  static final Decider<OrderCommand, String, OrderEvent> ORDER = Decider.of("none",
      (state, event) -> event instanceof OrderPlaced ? "placed" : "shipped",
      (command, state) -> {
        if (command instanceof PlaceOrder place) {
          if (place.amount() <= 0) {
            throw new CommandRejectedException("the amount must be positive");
          }
          return state.equals("none") ? List.of(new OrderPlaced(place.orderId(), place.amount()))
              : List.of();
        }
        if (state.equals("none")) {
          throw new CommandRejectedException("no such order");
        }
        return state.equals("placed")
            ? List.of(new OrderShipped(((ShipOrder) command).orderId())) : List.of();
      });

  final AggregateRepository<OrderCommand, String, OrderEvent> orders;
  final Map<String, String> summary = new ConcurrentHashMap<>();

  Shop(EventStore store, Observer observer) {
    this.orders = AggregateRepository.builder(store, ORDER, OrderEvent.class).observer(observer)
        .build();
  }

  static StreamId order(String id) {
    return StreamId.of("order", id);
  }

  /** Places an order. */
  void place(String id, int amount) {
    orders.handle(order(id), new PlaceOrder(id, amount));
  }

  /** The order-summary read model: each order's status. */
  Projection summaryProjection() {
    return Projection.of("order-summary",
        EventTypes.of(OrderPlaced.class, OrderShipped.class).asFilter(),
        event -> summary.put(((OrderEvent) event.payload()).orderId(),
            event.payload() instanceof OrderPlaced ? "placed" : "shipped"));
  }

  /** Ships each placed order. */
  Saga<String, Fulfilling> fulfillment() {
    return new Saga<>() {
      @Override
      public String name() {
        return "fulfillment";
      }

      @Override
      public EventFilter filter() {
        return EventTypes.of(OrderPlaced.class, OrderShipped.class).asFilter();
      }

      @Override
      public Optional<String> associationOf(RecordedEvent<?> event) {
        return Optional.of(((OrderEvent) event.payload()).orderId());
      }

      @Override
      public Class<Fulfilling> eventType() {
        return Fulfilling.class;
      }

      @Override
      public String initialState() {
        return "";
      }

      @Override
      public String evolve(String state, Fulfilling event) {
        return event.orderId();
      }

      @Override
      public SagaStep<Fulfilling> react(String state, RecordedEvent<?> event) {
        if (event.payload() instanceof OrderPlaced placed) {
          return SagaStep.record(new Fulfilling(placed.orderId()))
              .dispatch(new ShipOrder(placed.orderId()));
        }
        return SagaStep.<Fulfilling>none().complete();
      }

      @Override
      public SagaStep<Fulfilling> onTimeout(String state, String name) {
        return SagaStep.none();
      }
    };
  }

  /** Carries out the saga's commands through the repository, after each step commits. */
  CommandDispatcher dispatcher() {
    return (SagaCommand command) -> {
      ShipOrder ship = (ShipOrder) command.command();
      orders.handle(order(ship.orderId()), ship, CommandContext.of(command.key(),
          command.id().toString()));
      return CommandDispatcher.Outcome.accepted();
    };
  }

  /** How long the tests wait for asynchronous work. */
  static final Duration WAIT = Duration.ofSeconds(20);
}
