package dev.eventcore.serialization;

import dev.eventcore.UnknownEventTypeException;
import dev.eventcore.internal.Text;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The registry of event classes and their stored type names. Immutable and thread-safe.
 *
 * <pre>{@code
 * sealed interface OrderEvent permits OrderPlaced, OrderShipped {}
 * record OrderPlaced(String orderId) implements OrderEvent {}
 * @EventType("order-shipped") record OrderShipped(String orderId) implements OrderEvent {}
 *
 * EventTypes types = EventTypes.of(OrderEvent.class);
 * types.nameOf(OrderPlaced.class);     // "OrderPlaced"
 * types.classOf("order-shipped");      // OrderShipped.class
 * }</pre>
 *
 * <p>A sealed interface or class registers all its permitted subclasses, recursively; a concrete
 * class registers itself. A class's name is its {@link EventType} value if present, else its simple
 * name. Two classes with one name are rejected when registering.
 */
public final class EventTypes {

  /** The maximum length of a type name. */
  public static final int MAX_NAME_LENGTH = 255;

  private static final EventTypes PERMISSIVE = new EventTypes(Map.of(), Map.of(), true);

  private static final ClassValue<String> DERIVED_NAMES =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          return nameFor(type);
        }
      };

  private final Map<Class<?>, String> names;
  private final Map<String, Class<?>> classes;
  private final boolean permissive;

  private EventTypes(Map<Class<?>, String> names, Map<String, Class<?>> classes, boolean permissive) {
    this.names = names;
    this.classes = classes;
    this.permissive = permissive;
  }

  /**
   * Registers the given classes: sealed types with all their permitted subclasses.
   *
   * @throws IllegalArgumentException if a class cannot be an event (a non-sealed interface or
   *     abstract class, an anonymous class) or two classes share a name
   */
  public static EventTypes of(Class<?>... types) {
    Objects.requireNonNull(types, "types");
    Map<Class<?>, String> names = new LinkedHashMap<>();
    Map<String, Class<?>> classes = new LinkedHashMap<>();
    for (Class<?> type : types) {
      register(Objects.requireNonNull(type, "types[i]"), names, classes);
    }
    return new EventTypes(
        Collections.unmodifiableMap(names), Collections.unmodifiableMap(classes), false);
  }

  /**
   * A registry that names any class (by {@link EventType} or simple name) without registration.
   * For the in-memory store in tests and sketches, where payloads are never decoded; {@link
   * #classOf(String)} knows no names.
   */
  public static EventTypes permissive() {
    return PERMISSIVE;
  }

  /**
   * A registry with the classes of both this one and {@code other}; it is {@linkplain
   * #permissive() permissive} if either is.
   *
   * @throws IllegalArgumentException if a class of one has the name of a different class of the
   *     other
   */
  public EventTypes and(EventTypes other) {
    Objects.requireNonNull(other, "other");
    Map<Class<?>, String> names = new LinkedHashMap<>(this.names);
    Map<String, Class<?>> classes = new LinkedHashMap<>(this.classes);
    for (Class<?> type : other.names.keySet()) {
      register(type, names, classes);
    }
    return new EventTypes(
        Collections.unmodifiableMap(names),
        Collections.unmodifiableMap(classes),
        permissive || other.permissive);
  }

  /**
   * The stored name of {@code type}.
   *
   * @throws UnknownEventTypeException if {@code type} is not registered
   */
  public String nameOf(Class<?> type) {
    Objects.requireNonNull(type, "type");
    String name = names.get(type);
    if (name != null) {
      return name;
    }
    if (permissive) {
      return DERIVED_NAMES.get(type);
    }
    throw new UnknownEventTypeException(
        type.getName(),
        "event class "
            + type.getName()
            + " is not registered; register it (or its sealed interface) with EventTypes.of(...)"
            + " when building the store. Registered: "
            + names.values());
  }

  /**
   * The class registered under {@code name}.
   *
   * @throws UnknownEventTypeException if no class has that name
   */
  public Class<?> classOf(String name) {
    Objects.requireNonNull(name, "name");
    Class<?> type = classes.get(name);
    if (type == null) {
      throw new UnknownEventTypeException(
          name,
          "no event class is registered under the type name '"
              + name
              + "'; register it with EventTypes.of(...), or add an upcaster if it was renamed."
              + " Registered: "
              + classes.keySet());
    }
    return type;
  }

  /** Whether {@code type} has a name here. */
  public boolean isRegistered(Class<?> type) {
    return permissive || names.containsKey(type);
  }

  /** The registered type names. */
  public Set<String> names() {
    return classes.keySet();
  }

  private static void register(
      Class<?> type, Map<Class<?>, String> names, Map<String, Class<?>> classes) {
    if (type.isSealed()) {
      for (Class<?> permitted : type.getPermittedSubclasses()) {
        register(permitted, names, classes);
      }
      if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
        return;
      }
    } else if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(
          type.getName()
              + " is an interface or abstract class that is not sealed; register its concrete"
              + " event classes, or seal it so its permitted subclasses are registered");
    }
    if (type.isPrimitive() || type.isArray() || type.isAnonymousClass()) {
      throw new IllegalArgumentException(
          type.getName() + " cannot be an event class: use a named record or class");
    }
    String name = nameFor(type);
    Class<?> previous = classes.get(name);
    if (previous != null && previous != type) {
      throw new IllegalArgumentException(
          "event classes "
              + previous.getName()
              + " and "
              + type.getName()
              + " both have the type name '"
              + name
              + "'; give one a distinct name with @EventType");
    }
    names.put(type, name);
    classes.put(name, type);
  }

  private static String nameFor(Class<?> type) {
    EventType annotation = type.getAnnotation(EventType.class);
    String name = annotation != null ? annotation.value() : type.getSimpleName();
    requireValidName(name, type);
    return name;
  }

  private static void requireValidName(String name, Class<?> type) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "event type name of "
              + type.getName()
              + " must be 1.."
              + MAX_NAME_LENGTH
              + " chars but was "
              + Text.quote(name));
    }
    if (Character.isWhitespace(name.charAt(0))
        || Character.isWhitespace(name.charAt(name.length() - 1))) {
      throw new IllegalArgumentException(
          "event type name of " + type.getName() + " must not start or end with whitespace: "
              + Text.quote(name));
    }
    Text.requireNoControlChars(name, "event type name of " + type.getName());
  }

  @Override
  public String toString() {
    return permissive ? "EventTypes[permissive]" : "EventTypes" + classes.keySet();
  }
}
