package dev.eventcore.serialization;

import dev.eventcore.RecordedEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a stored event of an older shape (a legacy class) into today's class, or into several
 * events (a split). Stored events are never rewritten: the upcaster runs on every read.
 *
 * <pre>{@code
 * @EventType("OrderCreated") record OrderCreatedV1(String id) {}            // renamed type
 * @EventType(value = "OrderPlaced", revision = 1) record OrderPlacedV1(String id, long cents) {}
 *
 * EventTypes types = EventTypes.of(OrderEvent.class).withUpcasters(
 *     Upcaster.of(OrderCreatedV1.class, OrderPlaced.class, old -> new OrderPlaced(old.id(), 0)),
 *     Upcaster.of(OrderPlacedV1.class, OrderPlaced.class,
 *         old -> new OrderPlaced(old.id(), old.cents())),
 *     Upcaster.split(OrderPaidAndShippedV1.class, List.of(OrderPaid.class, OrderShipped.class),
 *         old -> List.of(new OrderPaid(old.id()), new OrderShipped(old.id()))));
 * }</pre>
 *
 * <p>The legacy class is a plain record carrying the old name (and revision) in {@link EventType};
 * it is readable, never appendable. Upcasters chain: a result that is itself a legacy class is
 * upcast again. The function must be pure and thread-safe; if it throws, or returns an object that
 * is not one of the declared target classes, the read fails with an {@code EventDecodingException}
 * naming the event rather than skip it.
 *
 * <p>Each event of a split keeps the stored event's position, stream, version, id and recorded-at:
 * versions and positions count stored events. Every part carries the metadata entry {@link
 * RecordedEvent#PART_KEY} ({@code "1/2"}, {@code "2/2"}...), so a checkpoint never moves past half
 * a split: see {@link RecordedEvent#completesStoredEvent()}. Immutable.
 *
 * @since 0.1.0
 */
public final class Upcaster {
  private final Class<?> from;
  private final List<Class<?>> to;
  private final Function<Object, List<?>> function;

  private Upcaster(Class<?> from, List<Class<?>> to, Function<Object, List<?>> function) {
    this.from = from;
    this.to = to;
    this.function = function;
  }

  /**
   * An upcaster from the legacy class {@code from} to the newer class {@code to}.
   *
   * @throws IllegalArgumentException if {@code from} and {@code to} are the same class
   */
  public static <O, N> Upcaster of(
      Class<O> from, Class<N> to, Function<? super O, ? extends N> upcast) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(upcast, "upcast");
    return create(from, List.of(to), old -> List.of(upcast.apply(from.cast(old))));
  }

  /**
   * An upcaster that splits one stored event of the legacy class {@code from} into several events,
   * each of one of the classes {@code to}, in the order the function returns them.
   *
   * @throws IllegalArgumentException if {@code to} is empty or holds {@code from}
   */
  public static <O> Upcaster split(
      Class<O> from, Collection<? extends Class<?>> to,
      Function<? super O, ? extends List<?>> upcast) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(upcast, "upcast");
    List<Class<?>> targets = new ArrayList<>();
    for (Class<?> target : to) {
      targets.add(Objects.requireNonNull(target, "to[i]"));
    }
    return create(from, targets, old -> upcast.apply(from.cast(old)));
  }

  private static Upcaster create(
      Class<?> from, List<Class<?>> to, Function<Object, List<?>> function) {
    if (to.isEmpty()) {
      throw new IllegalArgumentException(
          "an upcaster of " + from.getName() + " needs at least one target class");
    }
    if (to.contains(from)) {
      throw new IllegalArgumentException(
          "an upcaster of " + from.getName() + " cannot produce its own class; the legacy shape"
              + " needs a class of its own, e.g. " + from.getSimpleName() + "V1");
    }
    return new Upcaster(from, List.copyOf(to), function);
  }

  /** The legacy class this upcaster reads. */
  public Class<?> from() {
    return from;
  }

  /** The classes it may produce. */
  public List<Class<?>> to() {
    return to;
  }

  /** Applies the function: the results, checked against the declared targets. */
  List<?> apply(Object legacy) {
    List<?> results = function.apply(legacy);
    if (results == null || results.isEmpty()) {
      throw new IllegalStateException(
          "the upcaster of " + from.getName() + " returned no event; it must return at least one");
    }
    for (Object result : results) {
      if (result == null || !to.contains(result.getClass())) {
        throw new IllegalStateException(
            "the upcaster of " + from.getName() + " returned "
                + (result == null ? "null" : "a " + result.getClass().getName())
                + ", not one of its declared targets " + names(to));
      }
    }
    return results;
  }

  static List<String> names(List<Class<?>> classes) {
    return classes.stream().map(Class::getName).toList();
  }

  @Override
  public String toString() {
    return "Upcaster[" + from.getName() + " -> " + names(to) + "]";
  }
}
