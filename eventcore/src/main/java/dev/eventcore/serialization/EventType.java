package dev.eventcore.serialization;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name (and revision) an event class is stored under, instead of its simple name and revision
 * 1. Use the name to keep stored events readable after renaming or moving the class; raise the
 * revision when the shape of an event changes incompatibly under the same name, and keep the old
 * shape as a legacy class with an {@link Upcaster} (see {@link EventTypes#withUpcasters}).
 *
 * <pre>{@code
 * @EventType("OrderPlaced")
 * record OrderWasPlaced(String orderId) implements OrderEvent {}
 *
 * @EventType(value = "OrderPlaced", revision = 2)
 * record OrderPlaced(String orderId, long amountCents) implements OrderEvent {}
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
  /** The stored type name: 1..255 chars, no control characters, no surrounding whitespace. */
  String value();

  /** The stored revision of the shape: {@code >= 1}; raise it with an upcaster from the old one. */
  int revision() default 1;
}
