package dev.eventcore.serialization;

import dev.eventcore.internal.text.Text;
import java.lang.reflect.Modifier;

/** What makes a class an event class: concrete, named, with a valid name and revision. */
final class ClassChecks {
  private ClassChecks() {}

  static void requireConcrete(Class<?> type) {
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(
          type.getName()
              + " is an interface or abstract class that is not sealed; register its concrete"
              + " event classes, or seal it so its permitted subclasses are registered");
    }
    if (type.isPrimitive() || type.isArray() || type.isAnonymousClass()) {
      throw new IllegalArgumentException(
          type.getName() + " cannot be an event class: use a named record or class");
    }
  }

  static int revisionFor(Class<?> type) {
    EventType annotation = type.getAnnotation(EventType.class);
    int revision = annotation != null ? annotation.revision() : 1;
    if (revision < 1) {
      throw new IllegalArgumentException(
          "the @EventType revision of " + type.getName() + " must be >= 1 but was " + revision);
    }
    return revision;
  }

  static String nameFor(Class<?> type) {
    EventType annotation = type.getAnnotation(EventType.class);
    String name = annotation != null ? annotation.value() : type.getSimpleName();
    requireValidName(name, type);
    return name;
  }

  static void requireValidName(String name, Class<?> type) {
    if (name.isEmpty() || name.length() > EventTypes.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "event type name of "
              + type.getName()
              + " must be 1.."
              + EventTypes.MAX_NAME_LENGTH
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

  private static final ClassValue<String> NAMES =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          return nameFor(type);
        }
      };

  /** {@link #nameFor}, computed once per class (permissive registries name any class). */
  static String cachedNameFor(Class<?> type) {
    return NAMES.get(type);
  }
}
