package dev.eventcore.serialization;

import dev.eventcore.EventDecodingException;
import dev.eventcore.RecordedEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The upcaster graph of an {@link EventTypes}: the registration of its legacy classes, its
 * validation, and its use on a read.
 */
final class UpcastChains {
  private UpcastChains() {}

  /**
   * Registers {@code upcaster}'s legacy class in {@code keys} and {@code classes} and the upcaster
   * in {@code legacy}, refusing a class read by two upcasters or current in {@code keys}.
   */
  static void register(Upcaster upcaster, Map<Class<?>, TypeKey> keys,
      Map<TypeKey, Class<?>> classes, Map<Class<?>, Upcaster> legacy) {
    Class<?> from = upcaster.from();
    if (legacy.containsKey(from)) {
      throw new IllegalArgumentException(
          "two upcasters read " + from.getName() + ": " + legacy.get(from) + " and " + upcaster
              + "; register one");
    }
    if (keys.containsKey(from)) {
      throw new IllegalArgumentException(
          from.getName() + " is a current event type here, so it cannot be the legacy class of "
              + upcaster + "; keep the old shape in a class of its own (e.g. "
              + from.getSimpleName() + "V1) that no registered sealed interface permits");
    }
    ClassChecks.requireConcrete(from);
    TypeKey.add(from, TypeKey.of(from), keys, classes);
    legacy.put(from, upcaster);
  }

  /** Every target is registered, and following upcasters from any legacy class ends. */
  static void validate(Map<Class<?>, Upcaster> upcasters, Predicate<Class<?>> registered) {
    for (Upcaster upcaster : upcasters.values()) {
      for (Class<?> target : upcaster.to()) {
        if (!registered.test(target)) {
          throw new IllegalArgumentException(
              "the target " + target.getName() + " of " + upcaster + " is not registered;"
                  + " register it with EventTypes.of(...) or add an upcaster that reads it");
        }
      }
    }
    for (Class<?> legacy : upcasters.keySet()) {
      requireNoCycle(legacy, upcasters, new ArrayList<>());
    }
  }

  private static void requireNoCycle(
      Class<?> type, Map<Class<?>, Upcaster> upcasters, List<Class<?>> path) {
    Upcaster upcaster = upcasters.get(type);
    if (upcaster == null) {
      return;
    }
    if (path.contains(type)) {
      path.add(type);
      throw new IllegalArgumentException(
          "upcasters form a cycle: " + Upcaster.names(path).toString().replace(", ", " -> ")
              + "; a chain must end in a current event class");
    }
    path.add(type);
    for (Class<?> target : upcaster.to()) {
      requireNoCycle(target, upcasters, path);
    }
    path.remove(path.size() - 1);
  }

  /** For each current name, the stored names of the legacy classes whose chains reach it. */
  static Map<String, Set<String>> storedNames(
      Map<Class<?>, Upcaster> upcasters, Function<Class<?>, String> names) {
    Map<String, Set<String>> stored = new LinkedHashMap<>();
    for (Class<?> legacy : upcasters.keySet()) {
      Set<Class<?>> reached = new HashSet<>();
      reach(legacy, upcasters, reached);
      for (Class<?> current : reached) {
        stored.computeIfAbsent(names.apply(current), k -> new LinkedHashSet<>())
            .add(names.apply(legacy));
      }
    }
    stored.replaceAll((name, legacyNames) -> Collections.unmodifiableSet(legacyNames));
    return Collections.unmodifiableMap(stored);
  }

  private static void reach(Class<?> type, Map<Class<?>, Upcaster> upcasters, Set<Class<?>> out) {
    Upcaster upcaster = upcasters.get(type);
    if (upcaster == null) {
      out.add(type);
      return;
    }
    for (Class<?> target : upcaster.to()) {
      reach(target, upcasters, out);
    }
  }

  /** The current events {@code stored} (whose payload is a legacy class) reads as. */
  static List<RecordedEvent<?>> apply(
      Map<Class<?>, Upcaster> upcasters,
      RecordedEvent<?> stored,
      Function<Class<?>, String> names,
      int revision) {
    List<RecordedEvent<?>> out = new ArrayList<>(2);
    expand(stored.payload(), upcasters, stored, names, revision, out);
    return out;
  }

  private static void expand(
      Object payload,
      Map<Class<?>, Upcaster> upcasters,
      RecordedEvent<?> stored,
      Function<Class<?>, String> names,
      int revision,
      List<RecordedEvent<?>> out) {
    Upcaster upcaster = upcasters.get(payload.getClass());
    if (upcaster == null) {
      out.add(new RecordedEvent<>(stored.position(), stored.streamId(), stored.version(),
          stored.id(), names.apply(payload.getClass()), payload, stored.metadata(),
          stored.recordedAt()));
      return;
    }
    List<?> results;
    try {
      results = upcaster.apply(payload);
    } catch (RuntimeException e) {
      throw new EventDecodingException(
          "cannot upcast stored event " + stored.describe() + " (revision " + revision + ") with "
              + upcaster + ": " + e, e);
    }
    for (Object result : results) {
      expand(result, upcasters, stored, names, revision, out);
    }
  }
}
