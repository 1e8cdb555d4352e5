package dev.eventcore.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The properties a JSON codec writes for a class with its default visibility: a record's
 * components and public getters; for any other class of the application, its public getters
 * ({@code getX()}, {@code isX()} returning boolean) and public fields. Classes of the JDK are
 * leaves. Annotations are not read, but for the type ids of {@link TypeIdRule}. Cached per class.
 * Not API.
 */
final class JsonProperties {
  /**
   * One property: its name, how to read it (a getter, else a public field: exactly one of the two
   * is set), whether its type is an {@code Optional}, and why the default JSON codec could not
   * read it back ({@link TypeIdRule}), if it could not, and where it holds values declared
   * {@code Object} ({@link UntypedSlots}).
   */
  record Property(String name, @Nullable Method getter, @Nullable Field field, boolean optional,
      boolean plain, @Nullable String unreadable, UntypedSlots.Kind untyped) {
    @Nullable Object read(Object owner) throws ReflectiveOperationException {
      if (getter != null) {
        return getter.invoke(owner, NO_ARGUMENTS);
      }
      return Objects.requireNonNull(field, "a property without getter has a field").get(owner);
    }
  }

  static final Property[] LEAF = new Property[0];

  private static final Object[] NO_ARGUMENTS = new Object[0];

  private static final ClassValue<Property[]> PROPERTIES =
      new ClassValue<>() {
        @Override
        protected Property[] computeValue(Class<?> type) {
          if (type.isRecord()) {
            return ofRecord(type);
          }
          if (isJdk(type) || type.isEnum() || type.isPrimitive()) {
            return LEAF;
          }
          return ofBean(type);
        }
      };

  private JsonProperties() {}

  /** The properties of {@code type}; {@link #LEAF} for a class written as a single value. */
  static Property[] of(Class<?> type) {
    return PROPERTIES.get(type);
  }

  /** A record's components, then its public getters of other names (codecs write both). */
  private static Property[] ofRecord(Class<?> type) {
    Map<String, Property> found = new LinkedHashMap<>();
    for (RecordComponent component : type.getRecordComponents()) {
      Method accessor = component.getAccessor();
      trySetAccessible(accessor);
      found.put(component.getName(), property(component.getName(), accessor, null,
          accessor.getReturnType(), accessor, declaredField(type, component.getName())));
    }
    for (Method method : type.getMethods()) {
      String name = getterName(method);
      if (name != null && !found.containsKey(name)) {
        trySetAccessible(method);
        found.put(name, property(name, method, null, method.getReturnType(), method));
      }
    }
    return found.values().toArray(new Property[0]);
  }

  private static Property[] ofBean(Class<?> type) {
    Map<String, Property> found = new LinkedHashMap<>();
    for (Field field : type.getFields()) {
      int modifiers = field.getModifiers();
      if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
        trySetAccessible(field);
        found.put(field.getName(),
            property(field.getName(), null, field, field.getType(), field));
      }
    }
    for (Method method : type.getMethods()) {
      String name = getterName(method);
      if (name != null) {
        trySetAccessible(method);
        found.put(name, property(name, method, null, method.getReturnType(), method));
      }
    }
    List<Property> properties = new ArrayList<>(found.values());
    return properties.isEmpty() ? LEAF : properties.toArray(new Property[0]);
  }

  /** The property a public getter reads, or null if {@code method} is not one. */
  private static @Nullable String getterName(Method method) {
    if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
        || method.getReturnType() == void.class || method.getDeclaringClass() == Object.class) {
      return null;
    }
    String name = method.getName();
    if (name.startsWith("get") && name.length() > 3) {
      return decapitalize(name.substring(3));
    }
    if (name.startsWith("is") && name.length() > 2 && method.getReturnType() == boolean.class) {
      return decapitalize(name.substring(2));
    }
    return null;
  }

  private static String decapitalize(String name) {
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static Property property(String name, @Nullable Method getter, @Nullable Field field,
      Class<?> type, @Nullable AnnotatedElement... annotated) {
    boolean optional = type == Optional.class || type == OptionalInt.class
        || type == OptionalLong.class || type == OptionalDouble.class;
    boolean plain = type.isPrimitive() && type != double.class && type != float.class
        && type != char.class;
    Type declared = getter != null ? getter.getGenericReturnType()
        : Objects.requireNonNull(field, "a property without getter has a field").getGenericType();
    return new Property(name, getter, field, optional, plain,
        TypeIdRule.problem(type, annotated), UntypedSlots.of(declared));
  }

  /** A record's private field of a component, where the component's annotations also go. */
  private static @Nullable Field declaredField(Class<?> type, String name) {
    try {
      return type.getDeclaredField(name);
    } catch (NoSuchFieldException | SecurityException e) {
      return null;
    }
  }

  private static boolean isJdk(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
        || name.startsWith("sun.") || name.startsWith("com.sun.");
  }

  private static void trySetAccessible(java.lang.reflect.AccessibleObject member) {
    try {
      member.setAccessible(true);
    } catch (RuntimeException inaccessible) {
      // left as is: reading it fails and the property counts as an opaque leaf
    }
  }
}
