package dev.eventcore.serialization;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name an event class is stored under, instead of its simple name. Use it to keep stored
 * events readable after renaming or moving the class.
 *
 * <pre>{@code
 * @EventType("OrderPlaced")
 * record OrderWasPlaced(String orderId) implements OrderEvent {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
  /** The stored type name: 1..255 chars, no control characters, no surrounding whitespace. */
  String value();
}
