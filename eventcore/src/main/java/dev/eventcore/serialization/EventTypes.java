package dev.eventcore.serialization;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamDeleted;
import dev.eventcore.UnknownEventTypeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The registry of event classes, their stored type names and revisions, and the upcasters that
 * read older shapes. Immutable and thread-safe.
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
 * name; its revision is {@link EventType#revision()}, else 1. A stored event is identified by
 * (name, revision): two classes with one name and revision are rejected when registering. Legacy
 * classes, read only through an {@link Upcaster}, are added with {@link #withUpcasters}.
 *
 * @since 0.1.0
 */
public final class EventTypes {

  /** The maximum length of a type name. */
  public static final int MAX_NAME_LENGTH = 255;

  private static final EventTypes PERMISSIVE =
      new EventTypes(Map.of(), Map.of(), Map.of(), Map.of(), true);

  /** Every registered class (current and legacy) with its stored identity. */
  private final Map<Class<?>, TypeKey> keys;
  private final Map<TypeKey, Class<?>> classes;
  /** Legacy classes and their upcasters. */
  private final Map<Class<?>, Upcaster> upcasters;
  /** Current names, each with the stored names of the legacy classes that upcast to it. */
  private final Map<String, Set<String>> storedNames;
  private final boolean permissive;

  private EventTypes(
      Map<Class<?>, TypeKey> keys,
      Map<TypeKey, Class<?>> classes,
      Map<Class<?>, Upcaster> upcasters,
      Map<String, Set<String>> storedNames,
      boolean permissive) {
    this.keys = keys;
    this.classes = classes;
    this.upcasters = upcasters;
    this.storedNames = storedNames;
    this.permissive = permissive;
  }

  /**
   * Registers the given classes: sealed types with all their permitted subclasses.
   *
   * @throws IllegalArgumentException if a class cannot be an event (a non-sealed interface or
   *     abstract class, an anonymous class), its revision is below 1, or two classes share a name
   *     and revision
   */
  public static EventTypes of(Class<?>... types) {
    Objects.requireNonNull(types, "types");
    Map<Class<?>, TypeKey> keys = new LinkedHashMap<>();
    Map<TypeKey, Class<?>> classes = new LinkedHashMap<>();
    for (Class<?> type : types) {
      TypeKey.register(Objects.requireNonNull(type, "types[i]"), keys, classes);
    }
    return build(keys, classes, Map.of(), false);
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
   * This registry with the types a store writes itself ({@link dev.eventcore.StreamDeleted}, a
   * deletion's tombstone), which every store decodes whatever it was built with. Stores call it;
   * an adapter that decodes events with a registry of its own calls it too.
   */
  public EventTypes withStoreTypes() {
    return keys.containsKey(StreamDeleted.class) ? this : and(EventTypes.of(StreamDeleted.class));
  }

  /**
   * A registry with the classes and upcasters of both this one and {@code other}; it is {@linkplain
   * #permissive() permissive} if either is.
   *
   * @throws IllegalArgumentException if a class of one has the name and revision of a different
   *     class of the other, or a class is current in one and legacy in the other
   */
  public EventTypes and(EventTypes other) {
    Objects.requireNonNull(other, "other");
    Map<Class<?>, TypeKey> keys = new LinkedHashMap<>();
    Map<TypeKey, Class<?>> classes = new LinkedHashMap<>();
    for (EventTypes source : List.of(this, other)) {
      source.keys.forEach((type, key) -> {
        if (!source.upcasters.containsKey(type)) {
          TypeKey.add(type, key, keys, classes);
        }
      });
    }
    EventTypes current = build(keys, classes, Map.of(), permissive || other.permissive);
    List<Upcaster> all = new ArrayList<>(upcasters.values());
    all.addAll(other.upcasters.values());
    return current.withUpcasters(all.toArray(Upcaster[]::new));
  }

  /**
   * This registry plus {@code upcasters}: each upcaster's legacy class becomes readable under its
   * stored name and revision (never appendable), and reads turn it into the upcaster's targets,
   * upcasting again while a result is itself a legacy class.
   *
   * @throws IllegalArgumentException if a legacy class is a current class here, has two upcasters,
   *     shares a name and revision with another class, or a target is neither registered nor the
   *     legacy class of another upcaster, or the upcasters form a cycle
   */
  public EventTypes withUpcasters(Upcaster... upcasters) {
    Objects.requireNonNull(upcasters, "upcasters");
    Map<Class<?>, TypeKey> keys = new LinkedHashMap<>(this.keys);
    Map<TypeKey, Class<?>> classes = new LinkedHashMap<>(this.classes);
    Map<Class<?>, Upcaster> legacy = new LinkedHashMap<>(this.upcasters);
    for (Upcaster upcaster : upcasters) {
      UpcastChains.register(Objects.requireNonNull(upcaster, "upcasters[i]"), keys, classes, legacy);
    }
    return build(keys, classes, legacy, permissive);
  }

  /**
   * The stored name of {@code type}.
   *
   * @throws UnknownEventTypeException if {@code type} is not registered
   */
  public String nameOf(Class<?> type) {
    Objects.requireNonNull(type, "type");
    TypeKey key = keys.get(type);
    if (key != null) {
      return key.name();
    }
    if (permissive) {
      return ClassChecks.cachedNameFor(type);
    }
    throw notRegistered(type);
  }

  /**
   * The stored revision of {@code type}: its {@link EventType#revision()}, else 1.
   *
   * @throws UnknownEventTypeException if {@code type} is not registered
   */
  public int revisionOf(Class<?> type) {
    Objects.requireNonNull(type, "type");
    TypeKey key = keys.get(type);
    if (key != null) {
      return key.revision();
    }
    if (permissive) {
      ClassChecks.cachedNameFor(type); // validates the name
      return ClassChecks.revisionFor(type);
    }
    throw notRegistered(type);
  }

  private UnknownEventTypeException notRegistered(Class<?> type) {
    return new UnknownEventTypeException(type.getName(), "event class " + type.getName()
        + " is not registered; register it (or its sealed interface) with EventTypes.of(...)"
        + " when building the store. Registered: " + names());
  }

  /**
   * The class registered under {@code name}: the current class of that name, else the legacy
   * class of its highest revision.
   *
   * @throws UnknownEventTypeException if no class has that name
   */
  public Class<?> classOf(String name) {
    Objects.requireNonNull(name, "name");
    Class<?> best = null;
    int bestRevision = 0;
    for (Map.Entry<TypeKey, Class<?>> entry : classes.entrySet()) {
      TypeKey key = entry.getKey();
      if (key.name().equals(name)) {
        boolean current = !upcasters.containsKey(entry.getValue());
        int rank = current ? Integer.MAX_VALUE : key.revision();
        if (rank > bestRevision) {
          best = entry.getValue();
          bestRevision = rank;
        }
      }
    }
    if (best == null) {
      throw unknown(name, "the type name '" + name + "'");
    }
    return best;
  }

  /**
   * The class, current or legacy, registered under {@code name} and {@code revision}: how a stored
   * event is decoded before {@linkplain #upcast(RecordedEvent) upcasting}.
   *
   * @throws UnknownEventTypeException if no class has that name and revision
   */
  public Class<?> classOf(String name, int revision) {
    Objects.requireNonNull(name, "name");
    Class<?> type = classes.get(new TypeKey(name, revision));
    if (type == null) {
      throw unknown(name, "the type name '" + name + "' with revision " + revision);
    }
    return type;
  }

  private UnknownEventTypeException unknown(String name, String what) {
    return new UnknownEventTypeException(name, "no event class is registered under " + what
        + "; register it with EventTypes.of(...), or add an upcaster from a legacy class if it"
        + " was renamed or changed. Registered: " + classes.keySet());
  }

  /** Whether {@code type} has a name here, as a current or a legacy class. */
  public boolean isRegistered(Class<?> type) {
    return permissive || keys.containsKey(type);
  }

  /** Whether {@code type} is a legacy class: read through an upcaster, never appended. */
  public boolean isLegacy(Class<?> type) {
    return upcasters.containsKey(type);
  }

  /**
   * The upcaster that reads the legacy class {@code type}.
   *
   * @throws IllegalArgumentException if {@code type} is not a legacy class here
   */
  public Upcaster upcasterOf(Class<?> type) {
    Objects.requireNonNull(type, "type");
    Upcaster upcaster = upcasters.get(type);
    if (upcaster == null) {
      throw new IllegalArgumentException(type.getName() + " is not a legacy class here");
    }
    return upcaster;
  }

  /** The registered type names of current classes. */
  public Set<String> names() {
    Set<String> current = new LinkedHashSet<>();
    keys.forEach((type, key) -> {
      if (!upcasters.containsKey(type)) {
        current.add(key.name());
      }
    });
    return Collections.unmodifiableSet(current);
  }

  /**
   * A filter keeping the events of this registry's current types ({@link #names()}): {@code
   * EventTypes.of(OrderEvent.class).asFilter()} keeps every permitted subclass of {@code
   * OrderEvent}. Legacy names that upcast to them are fetched too, as for any type filter.
   *
   * @throws IllegalStateException if the registry names no current type (a permissive one)
   */
  public EventFilter asFilter() {
    Set<String> current = names();
    if (current.isEmpty()) {
      throw new IllegalStateException("this registry names no event type to filter by (" + this
          + "); build the filter from EventTypes.of(classes)");
    }
    return new EventFilter(Set.of(), current);
  }

  /**
   * The stored type names a read must fetch to find events of the current types {@code names}:
   * those names plus the names of every legacy class that upcasts (directly or through a chain)
   * to one of them. Filters name current types; stores push down these stored names.
   */
  public Set<String> storedNamesOf(Set<String> names) {
    Objects.requireNonNull(names, "names");
    if (storedNames.isEmpty()) {
      return names;
    }
    Set<String> stored = new LinkedHashSet<>(names);
    for (String name : names) {
      stored.addAll(storedNames.getOrDefault(name, Set.of()));
    }
    return Collections.unmodifiableSet(stored);
  }

  /** Whether any upcaster is registered. */
  public boolean hasUpcasters() {
    return !upcasters.isEmpty();
  }

  /**
   * The events a stored event reads as today: itself if its payload is a current class, else the
   * results of its upcaster chain, each with the stored event's position, stream, version, id,
   * metadata and recorded-at, and the type name of its own class. For adapters: {@code
   * ComposedEventStore} calls it on every read.
   *
   * @throws dev.eventcore.EventDecodingException if an upcaster fails, naming the stored event
   */
  public List<RecordedEvent<?>> upcast(RecordedEvent<?> stored) {
    Objects.requireNonNull(stored, "stored");
    if (upcasters.isEmpty() || !upcasters.containsKey(stored.payload().getClass())) {
      return List.of(stored);
    }
    int revision = revisionOf(stored.payload().getClass());
    return UpcastChains.apply(upcasters, stored, this::nameOf, revision);
  }

  private static EventTypes build(Map<Class<?>, TypeKey> keys, Map<TypeKey, Class<?>> classes,
      Map<Class<?>, Upcaster> upcasters, boolean permissive) {
    Map<String, Set<String>> storedNames = Map.of();
    if (!upcasters.isEmpty()) {
      UpcastChains.validate(upcasters, keys::containsKey);
      storedNames = UpcastChains.storedNames(upcasters, 
          type -> Objects.requireNonNull(keys.get(type), "validated: registered").name());
    }
    return new EventTypes(Collections.unmodifiableMap(keys), Collections.unmodifiableMap(classes),
        Collections.unmodifiableMap(upcasters), storedNames, permissive);
  }

  @Override
  public String toString() {
    return permissive
        ? "EventTypes[permissive]"
        : "EventTypes" + classes.keySet() + (upcasters.isEmpty() ? "" : " " + upcasters.values());
  }
}
