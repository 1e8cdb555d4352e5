package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.serialization.Upcaster;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.testkit.contract.UpcastEvents.CreatedV1;
import dev.eventcore.testkit.contract.UpcastEvents.PaidAndShippedV1;
import dev.eventcore.testkit.contract.UpcastEvents.Paid;
import dev.eventcore.testkit.contract.UpcastEvents.Placed;
import dev.eventcore.testkit.contract.UpcastEvents.PlacedV1;
import dev.eventcore.testkit.contract.UpcastEvents.Shipped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution: events written by an old deployment ({@link UpcastEvents#before()}) read as
 * today's classes by a new one ({@link UpcastEvents#after()}) on every read path, with versions,
 * positions and page sizes that count stored events.
 *
 * @since 0.1.0
 */
public abstract class UpcastingContract extends StoreContract {
  private static final StreamId STREAM = StreamId.of("upcast-1");

  private EventStore redeployed(EventStore old) {
    return reopenStore(old, UpcastEvents.after());
  }

  /** Old deployment: a renamed type, revision 1 of a changed one, a combined event. */
  private static void writeOldShapes(EventStore old) {
    old.append(STREAM, ExpectedVersion.noStream(), List.of(EventData.of(new CreatedV1("o1"))));
    old.append(STREAM, ExpectedVersion.exactly(Version.of(1)),
        List.of(EventData.of(new PlacedV1("o2", "250")), EventData.of(new PaidAndShippedV1("o3"))));
  }

  private static List<Object> payloads(List<RecordedEvent<?>> events) {
    return events.stream().map(e -> (Object) e.payload()).toList();
  }

  @Test
  void everyReadPathReadsOldShapesAsTodaysClasses() throws InterruptedException {
    EventStore old = openStore(UpcastEvents.before());
    writeOldShapes(old);
    EventStore store = redeployed(old);
    assertEquals(Version.of(3), store.currentVersion(STREAM), "versions count stored events");
    store.append(STREAM, ExpectedVersion.exactly(Version.of(3)),
        List.of(EventData.of(new Placed("o4", 9))));

    List<RecordedEvent<?>> stream = store.readStream(STREAM);
    assertEquals(List.of(new Placed("o1", 0), new Placed("o2", 250), new Paid("o3"),
        new Shipped("o3"), new Placed("o4", 9)), payloads(stream));
    assertEquals(List.of(1L, 2L, 3L, 3L, 4L),
        stream.stream().map(e -> e.version().value()).toList());
    assertEquals(List.of("upcast.OrderPlaced", "upcast.OrderPlaced", "upcast.Paid",
        "upcast.Shipped", "upcast.OrderPlaced"), stream.stream().map(RecordedEvent::type).toList());
    RecordedEvent<?> paid = stream.get(2);
    RecordedEvent<?> shipped = stream.get(3);
    assertEquals(paid.position(), shipped.position(), "both halves are the stored event");
    assertEquals(paid.id(), shipped.id());
    assertEquals("1/2", paid.metadata().entries().get(RecordedEvent.PART_KEY));
    assertEquals("2/2", shipped.metadata().entries().get(RecordedEvent.PART_KEY));
    assertFalse(paid.completesStoredEvent());
    assertTrue(shipped.completesStoredEvent());

    assertEquals(List.of(new Paid("o3"), new Shipped("o3")),
        payloads(store.readStream(STREAM, Version.of(3), 1)), "maxCount counts stored events");
    // the subscriptions first: once they handled the last event, the whole log is readable
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription all = track(store.subscribe(GlobalPosition.START, handled::add));
    List<RecordedEvent<?>> split = new CopyOnWriteArrayList<>();
    Subscription filtered = track(store.subscribe(GlobalPosition.START,
        EventFilter.types("upcast.Paid", "upcast.Shipped"), split::add));
    awaitHandled(all, stream.get(4).position());
    awaitHandled(filtered, stream.get(4).position());
    assertEquals(stream, handled);
    assertEquals(List.of(paid, shipped), split);
    assertEquals(stream, store.readAll(GlobalPosition.START, 1000));
    assertEquals(stream.subList(0, 4), store.readAll(GlobalPosition.START, 3));
    assertEquals(List.of(new Placed("o1", 0), new Placed("o2", 250), new Placed("o4", 9)),
        payloads(store.readAll(GlobalPosition.START, 100,
            EventTypes.of(Placed.class).asFilter()).events()),
        "a filter on today's type finds the old names it is upcast from");
    List<RecordedEvent<?>> onlyShipped =
        store.readAll(GlobalPosition.START, 100, EventFilter.types("upcast.Shipped")).events();
    assertEquals(List.of(new Shipped("o3")), payloads(onlyShipped));
    assertTrue(onlyShipped.get(0).completesStoredEvent(), "alone in its read");
  }

  @Test
  void aLegacyShapeCannotBeAppended() {
    EventStore store = redeployed(openStore(UpcastEvents.before()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.append(STREAM, ExpectedVersion.any(),
            List.of(EventData.of(new PlacedV1("o", "1")))));
    assertTrue(e.getMessage().contains("PlacedV1 is a legacy shape read through an upcaster"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Placed"), e.getMessage());
    assertEquals(Version.NONE, store.currentVersion(STREAM));
  }

  @Test
  void aSubscriptionNeverStopsHalfwayThroughASplitEvent() throws InterruptedException {
    EventStore old = openStore(UpcastEvents.before());
    writeOldShapes(old);
    EventStore store = redeployed(old);
    List<RecordedEvent<?>> stream = store.readStream(STREAM);
    GlobalPosition beforeSplit = stream.get(1).position();
    GlobalPosition split = stream.get(2).position();

    List<Object> first = new CopyOnWriteArrayList<>();
    Subscription failing = track(store.subscribe(GlobalPosition.START, event -> {
      if (event.payload() instanceof Shipped) {
        throw new IllegalStateException("handler fails on the second half");
      }
      first.add(event.payload());
    }));
    awaitStopped(failing);
    assertEquals(List.of(new Placed("o1", 0), new Placed("o2", 250), new Paid("o3")), first);
    assertEquals(beforeSplit, failing.position(), "the position stays before a half-handled split");

    List<Object> resumed = new CopyOnWriteArrayList<>();
    Subscription again = track(store.subscribe(failing.position(), e -> resumed.add(e.payload())));
    awaitHandled(again, split);
    assertEquals(List.of(new Paid("o3"), new Shipped("o3")), resumed, "both halves, once each");

    store.append(STREAM, ExpectedVersion.exactly(Version.of(3)),
        List.of(EventData.of(new Placed("o4", 1))));
    List<Object> after = new CopyOnWriteArrayList<>();
    Subscription past = track(store.subscribe(split, e -> after.add(e.payload())));
    awaitHandled(past, store.readStream(STREAM).get(4).position());
    assertEquals(List.of(new Placed("o4", 1)), after, "none of a split that was handled");
  }

  @Test
  void boundariesReadAndCheckOldShapesAsTodaysTypes() {
    EventStore old = openStore(UpcastEvents.before());
    Tag o1 = Tag.of("order", "o1");
    Tag o3 = Tag.of("order", "o3");
    old.boundaries().append(STREAM, List.of(TaggedEvent.of(new CreatedV1("o1"), o1),
        TaggedEvent.of(new PaidAndShippedV1("o3"), o3)));
    EventStore store = redeployed(old);
    DcbStore dcb = store.boundaries();
    QueryItem placed = QueryItem.types("upcast.OrderPlaced");
    QueryItem shippedO3 = QueryItem.of(List.of("upcast.Shipped"), List.of(o3));

    DcbRead renamed = dcb.read(DcbQuery.of(placed));
    assertEquals(List.of(new Placed("o1", 0)), payloads(renamed), "a renamed type");
    assertEquals(List.of("upcast.OrderPlaced"),
        renamed.events().stream().map(e -> e.event().type()).toList());
    DcbRead half = dcb.read(DcbQuery.of(shippedO3));
    assertEquals(List.of(new Shipped("o3")), payloads(half), "one half of a split");
    assertTrue(half.events().get(0).event().completesStoredEvent(), "alone in its read");
    DcbRead both = dcb.read(DcbQuery.of(QueryItem.tags(o3)));
    assertEquals(List.of(new Paid("o3"), new Shipped("o3")), payloads(both));
    assertEquals(List.of("1/2", "2/2"), both.events().stream()
        .map(e -> e.event().metadata().entries().get(RecordedEvent.PART_KEY)).toList());
    assertEquals(List.of(new Placed("o1", 0), new Shipped("o3")),
        payloads(dcb.read(DcbQuery.of(placed, shippedO3), List.of(GlobalPosition.START,
            GlobalPosition.START))), "each item after its own position");
    assertEquals(List.of(new Placed("o1", 0)), payloads(dcb.read(DcbQuery.of(placed,
        QueryItem.of(List.of("upcast.Paid"), List.of(Tag.of("order", "o2")))))),
        "the other half of the split matches no item");

    for (QueryItem item : List.of(placed, shippedO3)) {
      AppendCondition stale = new AppendCondition(DcbQuery.of(item), GlobalPosition.START);
      assertThrows(AppendConditionFailedException.class,
          () -> dcb.append(StreamId.of("upcast-2"), List.of(TaggedEvent.of(new Paid("o9"))), stale),
          () -> "a condition on " + item + " sees the old shape it is read from");
    }
    assertEquals(Version.NONE, store.currentVersion(StreamId.of("upcast-2")));
    dcb.append(StreamId.of("upcast-2"), List.of(TaggedEvent.of(new Paid("o9"))),
        dcb.read(DcbQuery.of(placed, shippedO3)).condition());
    dcb.append(StreamId.of("upcast-3"), List.of(TaggedEvent.of(new Paid("o9"))),
        new AppendCondition(DcbQuery.of(QueryItem.of(List.of("upcast.Paid"), List.of(o1))),
            GlobalPosition.START));
  }

  private static List<Object> payloads(DcbRead read) {
    return read.events().stream().map(DcbEvent::payload).toList();
  }

  private void awaitStopped(Subscription subscription) throws InterruptedException {
    long deadline = System.nanoTime() + timeout().toNanos();
    while (subscription.isRunning() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(subscription.failure().isPresent(), () -> subscription + " did not fail");
  }
}
