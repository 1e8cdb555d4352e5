package dev.eventcore.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventDecodingException;
import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UnknownEventTypeException;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpcasterTest {

  sealed interface OrderEvent permits OrderPlaced, OrderPaid, OrderShipped {}

  @EventType(value = "OrderPlaced", revision = 3)
  record OrderPlaced(String orderId, long cents) implements OrderEvent {}

  record OrderPaid(String orderId) implements OrderEvent {}

  record OrderShipped(String orderId) implements OrderEvent {}

  @EventType("OrderCreated")
  record OrderCreatedV1(String id) {}

  @EventType(value = "OrderPlaced", revision = 2)
  record OrderPlacedV2(String orderId, String amount) {}

  @EventType("OrderPaidAndShipped")
  record PaidAndShippedV1(String orderId) {}

  @EventType(value = "OrderPlaced", revision = 0)
  record ZeroRevision() {}

  @EventType(value = "OrderPlaced", revision = 3)
  record SameKey() {}

  record CycleA() {}

  record CycleB() {}

  static final Upcaster CREATED =
      Upcaster.of(OrderCreatedV1.class, OrderPlacedV2.class,
          old -> new OrderPlacedV2(old.id(), "0"));
  static final Upcaster V2 = Upcaster.of(OrderPlacedV2.class, OrderPlaced.class,
      old -> new OrderPlaced(old.orderId(), Long.parseLong(old.amount())));
  static final Upcaster SPLIT = Upcaster.split(PaidAndShippedV1.class,
      List.of(OrderPaid.class, OrderShipped.class),
      old -> List.of(new OrderPaid(old.orderId()), new OrderShipped(old.orderId())));

  static RecordedEvent<?> stored(String type, Object payload) {
    return new RecordedEvent<>(GlobalPosition.of(7), StreamId.of("order-1"), Version.of(2),
        EventId.random(), type, payload, Metadata.empty().with("user", "al"), Instant.EPOCH);
  }

  @Test
  void legacyClassesAreReadableByNameAndRevisionButNotCurrent() {
    EventTypes types = EventTypes.of(OrderEvent.class).withUpcasters(CREATED, V2, SPLIT);
    assertSame(OrderPlacedV2.class, types.classOf("OrderPlaced", 2));
    assertSame(OrderPlaced.class, types.classOf("OrderPlaced", 3));
    assertSame(OrderPlaced.class, types.classOf("OrderPlaced"));
    assertSame(OrderCreatedV1.class, types.classOf("OrderCreated", 1));
    assertEquals(2, types.revisionOf(OrderPlacedV2.class));
    assertEquals(3, types.revisionOf(OrderPlaced.class));
    assertTrue(types.isLegacy(OrderCreatedV1.class));
    assertFalse(types.isLegacy(OrderPlaced.class));
    assertEquals(Set.of("OrderPlaced", "OrderPaid", "OrderShipped"), types.names());
    assertSame(V2, types.upcasterOf(OrderPlacedV2.class));
    UnknownEventTypeException unknown =
        assertThrows(UnknownEventTypeException.class, () -> types.classOf("OrderPlaced", 1));
    assertTrue(unknown.getMessage().contains("'OrderPlaced' with revision 1"),
        unknown.getMessage());
  }

  @Test
  void aChainRunsUntilACurrentClassAndKeepsWhereTheStoredEventIs() {
    EventTypes types = EventTypes.of(OrderEvent.class).withUpcasters(CREATED, V2);
    RecordedEvent<?> old = stored("OrderCreated", new OrderCreatedV1("o-1"));
    List<RecordedEvent<?>> read = types.upcast(old);
    assertEquals(1, read.size());
    RecordedEvent<?> now = read.get(0);
    assertEquals(new OrderPlaced("o-1", 0), now.payload());
    assertEquals("OrderPlaced", now.type());
    assertEquals(old.position(), now.position());
    assertEquals(old.streamId(), now.streamId());
    assertEquals(old.version(), now.version());
    assertEquals(old.id(), now.id());
    assertEquals(old.metadata(), now.metadata());
    assertEquals(old.recordedAt(), now.recordedAt());
  }

  @Test
  void aCurrentEventIsReadAsItIs() {
    EventTypes types = EventTypes.of(OrderEvent.class).withUpcasters(V2);
    RecordedEvent<?> current = stored("OrderPlaced", new OrderPlaced("o", 1));
    assertSame(current, types.upcast(current).get(0));
  }

  @Test
  void aSplitBecomesSeveralEventsInOrder() {
    EventTypes types = EventTypes.of(OrderEvent.class).withUpcasters(SPLIT);
    List<RecordedEvent<?>> read = types.upcast(stored("OrderPaidAndShipped",
        new PaidAndShippedV1("o")));
    assertEquals(List.of(new OrderPaid("o"), new OrderShipped("o")),
        read.stream().map(RecordedEvent::payload).toList());
    assertEquals(List.of("OrderPaid", "OrderShipped"),
        read.stream().map(RecordedEvent::type).toList());
  }

  @Test
  void filtersOnCurrentTypesAlsoFetchTheLegacyNamesThatBecomeThem() {
    EventTypes types = EventTypes.of(OrderEvent.class).withUpcasters(CREATED, V2, SPLIT);
    assertEquals(Set.of("OrderPlaced", "OrderCreated"), types.storedNamesOf(Set.of("OrderPlaced")));
    assertEquals(Set.of("OrderShipped", "OrderPaidAndShipped"),
        types.storedNamesOf(Set.of("OrderShipped")));
    assertEquals(Set.of("Other"), types.storedNamesOf(Set.of("Other")));
  }

  @Test
  void aFailingUpcasterFailsTheReadNamingTheEvent() {
    Upcaster broken = Upcaster.of(OrderCreatedV1.class, OrderPlaced.class, old -> {
      throw new IllegalStateException("boom");
    });
    Upcaster wrongClass = Upcaster.split(OrderCreatedV1.class, List.of(OrderPlaced.class),
        old -> List.of(new OrderPaid("x")));
    Upcaster empty = Upcaster.split(OrderCreatedV1.class, List.of(OrderPlaced.class),
        old -> List.of());
    for (Upcaster upcaster : List.of(broken, wrongClass, empty)) {
      EventTypes types = EventTypes.of(OrderEvent.class).withUpcasters(upcaster);
      EventDecodingException e = assertThrows(EventDecodingException.class,
          () -> types.upcast(stored("OrderCreated", new OrderCreatedV1("o"))));
      assertTrue(e.getMessage().contains("order-1@2 (position 7"), e.getMessage());
    }
  }

  @Test
  void badRegistrationsAreRejectedWithReasons() {
    EventTypes base = EventTypes.of(OrderEvent.class);
    assertMessage("is a current event type", () -> base.withUpcasters(
        Upcaster.of(OrderPaid.class, OrderShipped.class, old -> new OrderShipped(""))));
    assertMessage("two upcasters read", () -> base.withUpcasters(CREATED, V2,
        Upcaster.of(OrderCreatedV1.class, OrderPlaced.class, old -> new OrderPlaced("", 0))));
    assertMessage("is not registered", () -> base.withUpcasters(CREATED));
    assertMessage("must be >= 1", () -> base.withUpcasters(
        Upcaster.of(ZeroRevision.class, OrderPlaced.class, old -> new OrderPlaced("", 0))));
    assertMessage("both have the type name 'OrderPlaced' and revision 3", () -> base.withUpcasters(
        Upcaster.of(SameKey.class, OrderPlaced.class, old -> new OrderPlaced("", 0))));
    assertMessage("cycle", () -> base.withUpcasters(
        Upcaster.of(CycleA.class, CycleB.class, a -> new CycleB()),
        Upcaster.of(CycleB.class, CycleA.class, b -> new CycleA())));
    assertMessage("cannot produce its own class",
        () -> Upcaster.of(CycleA.class, CycleA.class, a -> a));
    assertMessage("at least one target",
        () -> Upcaster.split(CycleA.class, List.of(), a -> List.of()));
    assertThrows(NullPointerException.class, () -> base.withUpcasters((Upcaster) null));
    assertThrows(NullPointerException.class,
        () -> Upcaster.of((Class<CycleA>) null, CycleA.class, a -> a));
    assertThrows(NullPointerException.class, () -> Upcaster.of(CycleA.class, CycleB.class, null));
    assertThrows(IllegalArgumentException.class, () -> base.upcasterOf(OrderPaid.class));
    assertThrows(NullPointerException.class, () -> base.withUpcasters((Upcaster[]) null));
    assertThrows(NullPointerException.class, () -> base.classOf(null, 1));
    assertThrows(NullPointerException.class, () -> base.revisionOf(null));
    assertThrows(NullPointerException.class, () -> base.storedNamesOf(null));
    assertThrows(NullPointerException.class, () -> base.upcast(null));
    assertThrows(NullPointerException.class, () -> base.upcasterOf(null));
    assertThrows(NullPointerException.class,
        () -> Upcaster.split(CycleA.class, java.util.Arrays.asList(CycleB.class, null),
            a -> List.of()));
    assertThrows(UnknownEventTypeException.class, () -> base.revisionOf(CycleA.class));
  }

  @Test
  void andMergesUpcastersAndRejectsAClassCurrentInOneAndLegacyInTheOther() {
    EventTypes merged = EventTypes.of(OrderEvent.class).withUpcasters(V2)
        .and(EventTypes.of(OrderEvent.class).withUpcasters(SPLIT));
    assertTrue(merged.isLegacy(OrderPlacedV2.class));
    assertTrue(merged.isLegacy(PaidAndShippedV1.class));
    assertMessage("is a current event type", () -> EventTypes.of(OrderEvent.class)
        .withUpcasters(V2).and(EventTypes.of(OrderPlacedV2.class)));
  }

  /** A legacy shape kept as an interface: no stored payload can be decoded into it. */
  interface AbstractV1 {}

  @Test
  void anUpcasterThatReturnsNoEventOrAnUndeclaredOneIsNamedInTheFailure() {
    Upcaster empty = Upcaster.split(OrderCreatedV1.class, List.of(OrderPlaced.class),
        old -> List.of());
    Upcaster withNull = Upcaster.split(OrderCreatedV1.class, List.of(OrderPlaced.class),
        old -> java.util.Arrays.asList(new OrderPlaced("o", 1), null));
    Upcaster undeclared = Upcaster.split(OrderCreatedV1.class, List.of(OrderPlaced.class),
        old -> List.of(new OrderPaid("o")));
    String upcaster = "the upcaster of " + OrderCreatedV1.class.getName();
    String declared = ", not one of its declared targets [" + OrderPlaced.class.getName() + "]";
    assertEquals(upcaster + " returned no event; it must return at least one",
        causeOf(empty));
    assertEquals(upcaster + " returned null" + declared, causeOf(withNull));
    assertEquals(upcaster + " returned a " + OrderPaid.class.getName() + declared,
        causeOf(undeclared));
  }

  private static String causeOf(Upcaster upcaster) {
    EventTypes types = EventTypes.of(OrderEvent.class).withUpcasters(upcaster);
    EventDecodingException e = assertThrows(EventDecodingException.class,
        () -> types.upcast(stored("OrderCreated", new OrderCreatedV1("o"))));
    return e.getCause().getMessage();
  }

  @Test
  void anUpcasterFromAnInterfaceIsRefused() {
    assertMessage(AbstractV1.class.getName() + " is an interface or abstract class",
        () -> EventTypes.of(OrderEvent.class).withUpcasters(
            Upcaster.of(AbstractV1.class, OrderPlaced.class, old -> new OrderPlaced("", 0))));
  }

  @Test
  void registriesAndUpcastersDescribeThemselves() {
    assertEquals("Upcaster[" + OrderPlacedV2.class.getName() + " -> ["
        + OrderPlaced.class.getName() + "]]", V2.toString());
    String types = EventTypes.of(OrderEvent.class).withUpcasters(V2).toString();
    assertTrue(types.startsWith("EventTypes["), types);
    assertTrue(types.contains("OrderPlaced@3") && types.contains("OrderPlaced@2"), types);
    assertTrue(types.contains("OrderPaid") && !types.contains("OrderPaid@"), types);
    assertTrue(types.endsWith(" [" + V2 + "]"), types);
    assertFalse(EventTypes.of(OrderEvent.class).toString().contains("Upcaster"));
    assertEquals("EventTypes[permissive]", EventTypes.permissive().toString());
  }

  private static void assertMessage(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
