package dev.eventcore.serialization;

import dev.eventcore.StreamDeleted;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * A stored identity of an event class, its type name and revision, and the registration of classes
 * under it: a (name, revision) belongs to one class only.
 */
record TypeKey(String name, int revision) {

  /** The identity {@code type} declares: its {@link EventType} name and revision, or the defaults. */
  static TypeKey of(Class<?> type) {
    if (type == StreamDeleted.class) {
      return new TypeKey(StreamDeleted.TYPE, 1); // a store's own type, named like no user's
    }
    return new TypeKey(ClassChecks.nameFor(type), ClassChecks.revisionFor(type));
  }

  /** Registers {@code type}, or every concrete class a sealed {@code type} permits, recursively. */
  static void register(Class<?> type, Map<Class<?>, TypeKey> keys, Map<TypeKey, Class<?>> classes) {
    if (type.isSealed()) {
      for (Class<?> permitted : type.getPermittedSubclasses()) {
        register(permitted, keys, classes);
      }
      if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
        return;
      }
    }
    ClassChecks.requireConcrete(type);
    add(type, of(type), keys, classes);
  }

  /** Registers {@code type} under {@code key}; another class under the same key is an error. */
  static void add(
      Class<?> type, TypeKey key, Map<Class<?>, TypeKey> keys, Map<TypeKey, Class<?>> classes) {
    Class<?> previous = classes.get(key);
    if (previous != null && previous != type) {
      throw new IllegalArgumentException(
          "event classes "
              + previous.getName()
              + " and "
              + type.getName()
              + " both have the type name '"
              + key.name()
              + "' and revision "
              + key.revision()
              + "; give one a distinct name or revision with @EventType");
    }
    keys.put(type, key);
    classes.put(key, type);
  }

  @Override
  public String toString() {
    return revision == 1 ? name : name + "@" + revision;
  }
}
