package dev.eventcore.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one Jackson annotation the payload inspector reads, by name (the core does not depend on
 * Jackson): a {@code @JsonTypeInfo} naming classes ({@code use = CLASS} or {@code MINIMAL_CLASS})
 * on a property of a type as general as {@code Object}. The default JSON codec writes such a
 * property but its reader refuses it (its polymorphic type validator denies every subtype of so
 * general a base type), so a store that keeps objects as given refuses it too, as an encoding
 * store does. Not API.
 */
final class TypeIdRule {
  private static final String JSON_TYPE_INFO = "com.fasterxml.jackson.annotation.JsonTypeInfo";
  /** The base types Jackson's default validator refuses type ids under. */
  private static final Set<String> TOO_GENERAL = Set.of("java.lang.Object", "java.io.Closeable",
      "java.io.Serializable", "java.lang.AutoCloseable", "java.lang.Cloneable",
      "java.lang.Comparable", "java.lang.Runnable", "java.util.logging.Handler");

  private TypeIdRule() {}

  /**
   * Why a property of type {@code declared}, annotated on {@code sites}, cannot be read back by
   * the default JSON codec; null if it can, as far as this rule knows.
   */
  static @Nullable String problem(Class<?> declared, @Nullable AnnotatedElement... sites) {
    if (!TOO_GENERAL.contains(declared.getName())) {
      return null;
    }
    for (AnnotatedElement site : sites) {
      if (site == null) {
        continue;
      }
      for (Annotation annotation : site.getAnnotations()) {
        if (annotation.annotationType().getName().equals(JSON_TYPE_INFO)) {
          String use = use(annotation);
          if (use.equals("CLASS") || use.equals("MINIMAL_CLASS")) {
            return "is declared " + declared.getName() + " with @JsonTypeInfo(use = " + use
                + "), which the default JSON codec writes but cannot read back: its reader"
                + " refuses class names under so general a type. Declare a narrower type (a"
                + " sealed interface with its subtypes), or give the store a codec whose mapper"
                + " has a PolymorphicTypeValidator allowing these classes";
          }
        }
      }
    }
    return null;
  }

  private static String use(Annotation annotation) {
    try {
      return String.valueOf(annotation.annotationType().getMethod("use").invoke(annotation));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return ""; // a different annotation of that name: not ours to judge
    }
  }
}
