package dev.eventcore.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventFilter;
import dev.eventcore.UnknownEventTypeException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventTypesTest {

  sealed interface ShopEvent permits OrderEvent, PaymentEvent, Refunded {}

  sealed interface OrderEvent extends ShopEvent permits OrderPlaced, OrderShipped {}

  record OrderPlaced(String orderId) implements OrderEvent {}

  @EventType("order-shipped")
  record OrderShipped(String orderId) implements OrderEvent {}

  sealed interface PaymentEvent extends ShopEvent permits PaymentReceived {}

  record PaymentReceived(long cents) implements PaymentEvent {}

  record Refunded(long cents) implements ShopEvent {}

  interface NotSealed {}

  abstract static class AbstractNotSealed {}

  record Unrelated(String x) {}

  static final class First {
    record Same() {}
  }

  static final class Second {
    record Same() {}
  }

  @EventType("OrderPlaced")
  record Impostor() {}

  @EventType("")
  record EmptyName() {}

  @EventType(" padded")
  record PaddedName() {}

  @EventType("bad\u0000name")
  record ControlName() {}

  /** A sealed class that is itself an event, besides the one it permits. */
  static sealed class Adjusted permits AdjustedTwice {}

  static final class AdjustedTwice extends Adjusted {}

  @Test
  void aConcreteSealedClassIsRegisteredWithItsPermittedSubclasses() {
    assertEquals(Set.of("Adjusted", "AdjustedTwice"), EventTypes.of(Adjusted.class).names());
  }

  @Test
  void aPermissiveRegistryGivesAnyWellNamedClassRevisionOne() {
    assertEquals(1, EventTypes.permissive().revisionOf(Unrelated.class));
    assertThrows(IllegalArgumentException.class,
        () -> EventTypes.permissive().revisionOf(EmptyName.class));
    assertEquals(Set.of("Unrelated"),
        EventTypes.of(ShopEvent.class).storedNamesOf(Set.of("Unrelated")), "no upcasters");
  }

  @Test
  void aSealedInterfaceRegistersItsPermittedSubclassesRecursively() {
    EventTypes types = EventTypes.of(ShopEvent.class);
    assertEquals(
        Set.of("OrderPlaced", "order-shipped", "PaymentReceived", "Refunded"), types.names());
    assertSame(OrderPlaced.class, types.classOf("OrderPlaced"));
    assertSame(PaymentReceived.class, types.classOf("PaymentReceived"));
    assertTrue(types.isRegistered(OrderShipped.class));
  }

  @Test
  void theSealedInterfacesThemselvesAreNotEventTypes() {
    EventTypes types = EventTypes.of(ShopEvent.class);
    assertFalse(types.isRegistered(OrderEvent.class));
    assertThrows(UnknownEventTypeException.class, () -> types.nameOf(OrderEvent.class));
    assertThrows(UnknownEventTypeException.class, () -> types.classOf("OrderEvent"));
  }

  @Test
  void aClassIsNamedByItsEventTypeAnnotationElseItsSimpleName() {
    EventTypes types = EventTypes.of(OrderEvent.class);
    assertEquals("OrderPlaced", types.nameOf(OrderPlaced.class));
    assertEquals("order-shipped", types.nameOf(OrderShipped.class));
    assertSame(OrderShipped.class, types.classOf("order-shipped"));
    assertThrows(UnknownEventTypeException.class, () -> types.classOf("OrderShipped"));
  }

  @Test
  void aConcreteClassRegistersItself() {
    EventTypes types = EventTypes.of(Unrelated.class);
    assertEquals("Unrelated", types.nameOf(Unrelated.class));
    assertEquals(Set.of("Unrelated"), types.names());
  }

  @Test
  void registeringAClassTwiceIsHarmless() {
    EventTypes types = EventTypes.of(OrderEvent.class, OrderPlaced.class, ShopEvent.class);
    assertEquals(4, types.names().size());
  }

  @Test
  void twoClassesWithOneSimpleNameAreRejectedNamingBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EventTypes.of(First.Same.class, Second.Same.class));
    assertTrue(e.getMessage().contains(First.Same.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(Second.Same.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("'Same'"), e.getMessage());
    assertTrue(e.getMessage().contains("@EventType"), e.getMessage());
  }

  @Test
  void anEventTypeAnnotationCollidingWithASimpleNameIsRejectedNamingBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EventTypes.of(OrderEvent.class, Impostor.class));
    assertTrue(e.getMessage().contains(OrderPlaced.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(Impostor.class.getName()), e.getMessage());
  }

  @Test
  void aNonSealedInterfaceOrAbstractClassIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EventTypes.of(NotSealed.class));
    assertTrue(e.getMessage().contains(NotSealed.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("not sealed"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EventTypes.of(AbstractNotSealed.class));
  }

  @Test
  void anonymousClassesArraysAndPrimitivesAreRejected() {
    Object anonymous = new Object() {};
    assertThrows(IllegalArgumentException.class, () -> EventTypes.of(anonymous.getClass()));
    assertThrows(IllegalArgumentException.class, () -> EventTypes.of(String[].class));
    assertThrows(IllegalArgumentException.class, () -> EventTypes.of(int.class));
  }

  @Test
  void invalidAnnotatedNamesAreRejectedNamingTheClass() {
    for (Class<?> type : new Class<?>[] {EmptyName.class, PaddedName.class, ControlName.class}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> EventTypes.of(type), type::getName);
      assertTrue(e.getMessage().contains(type.getName()), e.getMessage());
    }
  }

  @Test
  void anUnregisteredClassIsAnUnknownEventTypeNamingTheClass() {
    EventTypes types = EventTypes.of(OrderEvent.class);
    UnknownEventTypeException e =
        assertThrows(UnknownEventTypeException.class, () -> types.nameOf(Unrelated.class));
    assertEquals(Unrelated.class.getName(), e.type());
    assertTrue(e.getMessage().contains("not registered"), e.getMessage());
    assertTrue(e.getMessage().contains("EventTypes.of"), e.getMessage());
    assertFalse(types.isRegistered(Unrelated.class));
  }

  @Test
  void anUnknownNameIsAnUnknownEventTypeNamingIt() {
    EventTypes types = EventTypes.of(OrderEvent.class);
    UnknownEventTypeException e =
        assertThrows(UnknownEventTypeException.class, () -> types.classOf("OrderCancelled"));
    assertEquals("OrderCancelled", e.type());
    assertTrue(e.getMessage().contains("'OrderCancelled'"), e.getMessage());
    assertTrue(e.getMessage().contains("upcaster"), e.getMessage());
  }

  @Test
  void permissiveNamesAnyClassButResolvesNoName() {
    EventTypes permissive = EventTypes.permissive();
    assertEquals("Unrelated", permissive.nameOf(Unrelated.class));
    assertEquals("order-shipped", permissive.nameOf(OrderShipped.class));
    assertTrue(permissive.isRegistered(Unrelated.class));
    assertTrue(permissive.names().isEmpty());
    assertThrows(UnknownEventTypeException.class, () -> permissive.classOf("Unrelated"));
    assertThrows(IllegalArgumentException.class, () -> permissive.nameOf(EmptyName.class));
  }

  @Test
  void andCombinesTheClassesOfBothRegistries() {
    EventTypes both = EventTypes.of(OrderEvent.class).and(EventTypes.of(PaymentEvent.class));
    assertEquals(Set.of("OrderPlaced", "order-shipped", "PaymentReceived"), both.names());
    assertSame(PaymentReceived.class, both.classOf("PaymentReceived"));
    assertEquals("OrderPlaced", both.nameOf(OrderPlaced.class));
    assertThrows(UnknownEventTypeException.class, () -> both.nameOf(Unrelated.class));
  }

  @Test
  void andRejectsNameCollisionsBetweenTheRegistries() {
    EventTypes a = EventTypes.of(First.Same.class);
    EventTypes b = EventTypes.of(Second.Same.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.and(b));
    assertTrue(e.getMessage().contains(First.Same.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(Second.Same.class.getName()), e.getMessage());
  }

  @Test
  void andWithAPermissiveRegistryStaysPermissiveAndResolvesTheRegisteredNames() {
    EventTypes combined = EventTypes.permissive().and(EventTypes.of(OrderEvent.class));
    assertEquals("Unrelated", combined.nameOf(Unrelated.class));
    assertSame(OrderPlaced.class, combined.classOf("OrderPlaced"));
    EventTypes other = EventTypes.of(OrderEvent.class).and(EventTypes.permissive());
    assertEquals("Unrelated", other.nameOf(Unrelated.class));
    assertSame(OrderPlaced.class, other.classOf("OrderPlaced"));
  }

  @Test
  void rejectsNullsNamingTheArgument() {
    EventTypes types = EventTypes.of(OrderEvent.class);
    assertEquals(
        "type", assertThrows(NullPointerException.class, () -> types.nameOf(null)).getMessage());
    assertEquals(
        "name", assertThrows(NullPointerException.class, () -> types.classOf(null)).getMessage());
    assertEquals(
        "other", assertThrows(NullPointerException.class, () -> types.and(null)).getMessage());
    assertThrows(NullPointerException.class, () -> EventTypes.of((Class<?>) null));
  }

  @Test
  void asFilterKeepsTheCurrentTypesOfTheRegistryAndAnyCategory() {
    EventFilter filter = EventTypes.of(OrderEvent.class).asFilter();
    assertEquals(EventTypes.of(OrderEvent.class).names(), filter.types());
    assertEquals(Set.of(), filter.categories());
    assertFalse(filter.matchesAll());
  }

  @Test
  void asFilterRefusesARegistryThatNamesNoType() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> EventTypes.permissive().asFilter());
    assertTrue(e.getMessage().contains("names no event type"), e.getMessage());
  }
}
