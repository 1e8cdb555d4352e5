package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbDecider;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Dynamic consistency boundaries ({@link EventStore#boundaries()}): reads by types, tags and a
 * stream's implicit tag; conditional appends that fail exactly when a matching event came after
 * the read and write nothing then; tags read back equal; bad input refused. The concurrent
 * guarantee is {@link DcbRacerContract}'s.
 *
 * @since 0.2.0
 */
public abstract class DcbContract extends StoreContract {
  private static final Tag COURSE = Tag.of("course", "c-1");
  private static final Tag OTHER_COURSE = Tag.of("course", "c-2");
  private static final Tag STUDENT = Tag.of("student", "s-1");

  private static TaggedEvent note(String text, Tag... tags) {
    return TaggedEvent.of(new ContractEvent.Noted(text), tags);
  }

  private static List<String> texts(DcbRead read) {
    List<String> texts = new ArrayList<>();
    for (DcbEvent event : read.events()) {
      Object payload = event.payload();
      texts.add(payload instanceof ContractEvent.Noted
          ? ((ContractEvent.Noted) payload).text() : payload.toString());
    }
    return texts;
  }

  @Test
  void aReadFindsTheEventsOfItsItemsInLogOrder() {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    StreamId courses = StreamId.of("course-c1");
    dcb.append(courses, List.of(note("defined", COURSE)));
    dcb.append(StreamId.of("course-c2"), List.of(note("other", OTHER_COURSE)));
    dcb.append(StreamId.of("sub-1"), List.of(note("subscribed", COURSE, STUDENT)));
    store.append(StreamId.of("plain-1"), ExpectedVersion.any(), List.of(noted("plain")));
    dcb.append(StreamId.of("sub-2"), List.of(note("student only", STUDENT)));

    assertEquals(List.of("defined", "subscribed"), texts(dcb.read(DcbQuery.of(
        QueryItem.tags(COURSE)))));
    assertEquals(List.of("subscribed"), texts(dcb.read(DcbQuery.of(
        QueryItem.tags(COURSE, STUDENT)))), "an item matches events carrying all its tags");
    assertEquals(List.of("defined", "subscribed", "student only"), texts(dcb.read(DcbQuery.of(
        QueryItem.tags(COURSE), QueryItem.tags(STUDENT)))), "items are alternatives");
    assertEquals(List.of("defined", "other", "subscribed", "plain", "student only"),
        texts(dcb.read(DcbQuery.of(QueryItem.types("Noted")))), "types only, tagged or not");
    assertEquals(List.of(), texts(dcb.read(DcbQuery.of(QueryItem.types("Numbered")))));
    assertEquals(List.of("defined"), texts(dcb.read(DcbQuery.of(
        QueryItem.tags(Tag.stream(courses), COURSE)))), "the stream is an implicit tag");
    assertEquals(List.of("plain"), texts(dcb.read(DcbQuery.of(
        QueryItem.tags(Tag.stream(StreamId.of("plain-1")))))), "plain appends have it too");
    assertEquals(List.of(), texts(dcb.read(DcbQuery.of(
        QueryItem.tags(COURSE).withTypes("Numbered")))));
    assertEquals(5, dcb.read(DcbQuery.all()).events().size());
  }

  @Test
  void tagsAndPositionsAreReadBackAsWritten() {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    EventData<ContractEvent> event = EventData.of(
        (ContractEvent) new ContractEvent.Noted("tagged"), Metadata.empty().withCorrelationId("k"));
    dcb.append(StreamId.of("sub-1"), List.of(TaggedEvent.of(event, Set.of(STUDENT, COURSE))));

    DcbRead read = dcb.read(DcbQuery.of(QueryItem.tags(COURSE)));
    DcbEvent found = read.events().get(0);
    assertEquals(List.of(COURSE, STUDENT), List.copyOf(found.tags()), "sorted, all of them");
    assertEquals(event.id(), found.event().id());
    assertEquals("k", found.event().metadata().correlationId().orElseThrow());
    RecordedEvent<?> stored = store.readStream(StreamId.of("sub-1")).get(0);
    assertEquals(stored, found.event(), "the same event any read returns");
    assertEquals(found.position(), read.position(), "read to the log's end");
  }

  @Test
  void aReadAfterAPositionReturnsOnlyLaterEvents() {
    DcbStore dcb = openStore().boundaries();
    dcb.append(StreamId.of("sub-1"), List.of(note("first", COURSE)));
    DcbRead first = dcb.read(DcbQuery.of(QueryItem.tags(COURSE)));
    dcb.append(StreamId.of("sub-2"), List.of(note("second", COURSE)));

    DcbRead later = dcb.read(DcbQuery.of(QueryItem.tags(COURSE)), first.position());
    assertEquals(List.of("second"), texts(later));
    assertTrue(later.position().value() > first.position().value());
  }

  @Test
  void aConditionHoldsUntilAMatchingEventComesAfterItsRead() {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    DcbQuery course = DcbQuery.of(QueryItem.tags(COURSE));
    dcb.append(StreamId.of("course-c1"), List.of(note("defined", COURSE)));
    DcbRead read = dcb.read(course);

    dcb.append(StreamId.of("course-c2"), List.of(note("other course", OTHER_COURSE)));
    store.append(StreamId.of("plain-1"), ExpectedVersion.any(), List.of(noted("plain")));
    dcb.append(StreamId.of("sub-1"), List.of(note("subscribed", COURSE, STUDENT)),
        read.condition()); // nothing matching since the read: accepted

    long before = readWholeLog(store).size();
    AppendConditionFailedException failed = assertThrows(AppendConditionFailedException.class,
        () -> dcb.append(StreamId.of("sub-2"), List.of(note("late", COURSE)), read.condition()));
    assertEquals(read.condition(), failed.condition());
    assertEquals(dcb.read(course).events().get(1).position(), failed.conflicting());
    assertEquals(before, readWholeLog(store).size(), "nothing of a refused append is written");

    DcbRead again = dcb.read(course);
    dcb.append(StreamId.of("sub-2"), List.of(note("decided again", COURSE)), again.condition());
    assertEquals(List.of("defined", "subscribed", "decided again"), texts(dcb.read(course)));
  }

  @Test
  void typeOnlyAndAllEventConditionsSeeEveryWriter() {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    DcbRead numbered = dcb.read(DcbQuery.of(QueryItem.types("Numbered")));
    DcbRead all = dcb.read(DcbQuery.all());
    store.append(StreamId.of("plain-1"), ExpectedVersion.any(), List.of(noted("plain")));

    dcb.append(StreamId.of("n-1"), List.of(TaggedEvent.of(new ContractEvent.Numbered("w", 1))),
        numbered.condition()); // a Noted event does not match
    assertThrows(AppendConditionFailedException.class, () -> dcb.append(StreamId.of("n-2"),
        List.of(TaggedEvent.of(new ContractEvent.Numbered("w", 2))), numbered.condition()));
    assertThrows(AppendConditionFailedException.class, () -> dcb.append(StreamId.of("n-3"),
        List.of(note("any")), all.condition()));
  }

  @Test
  void aStreamTagConditionSeesStreamAppends() {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    StreamId account = StreamId.of("account-1");
    DcbQuery query = DcbQuery.of(QueryItem.tags(Tag.stream(account)));
    DcbRead read = dcb.read(query);
    store.append(account, ExpectedVersion.noStream(), List.of(noted("opened")));

    assertThrows(AppendConditionFailedException.class, () -> dcb.append(StreamId.of("audit-1"),
        List.of(note("audited")), read.condition()));
    dcb.append(StreamId.of("audit-1"), List.of(note("audited")), dcb.read(query).condition());
  }

  @Test
  void aConditionWithoutAReadMakesANameUnique() {
    DcbStore dcb = openStore().boundaries();
    Tag name = Tag.of("username", "ada");
    AppendCondition unused = AppendCondition.none(DcbQuery.of(QueryItem.tags(name)));
    dcb.append(StreamId.of("user-1"), List.of(note("registered", name)), unused);
    assertThrows(AppendConditionFailedException.class,
        () -> dcb.append(StreamId.of("user-2"), List.of(note("registered", name)), unused));
    assertEquals(1, dcb.read(DcbQuery.of(QueryItem.tags(name))).events().size());
  }

  @Test
  void aDeciderDecidesAgainAfterAConflict() {
    DcbStore dcb = openStore().boundaries();
    DcbQuery seats = DcbQuery.of(QueryItem.tags(COURSE));
    DcbDecider<Integer> taken = DcbDecider.of(seats, 0, (count, event) -> count + 1);
    AtomicBoolean raced = new AtomicBoolean();
    List<Integer> seen = new ArrayList<>();

    taken.execute(dcb, StreamId.of("sub-1"), count -> {
      seen.add(count);
      if (raced.compareAndSet(false, true)) { // another writer takes a seat after our read
        dcb.append(StreamId.of("sub-0"), List.of(note("racer", COURSE)));
      }
      return List.of(note("mine", COURSE));
    });
    assertEquals(List.of(0, 1), seen, "decided again on the racer's seat");
    assertEquals(2, taken.state(dcb));
    assertTrue(taken.execute(dcb, StreamId.of("sub-2"), count -> List.of()).isEmpty());
  }

  @Test
  void badInputIsRefusedAndWritesNothing() {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    StreamId stream = StreamId.of("sub-1");
    assertThrows(IllegalArgumentException.class, () -> dcb.append(stream, List.of()));
    assertThrows(NullPointerException.class,
        () -> dcb.append(stream, List.of(note("x")), null));
    assertThrows(IllegalArgumentException.class, () -> Tag.of("$stream:x"));
    assertThrows(IllegalArgumentException.class, () -> Tag.of("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> Tag.of("k:ey", "v"));
    assertThrows(IllegalArgumentException.class, () -> Tag.of("x".repeat(Tag.MAX_LENGTH + 1)));
    assertThrows(IllegalArgumentException.class, () -> note("x", Tag.stream(stream)));
    assertThrows(IllegalArgumentException.class, () -> new DcbQuery(List.of()));
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> store.append(stream, ExpectedVersion.any(), List.of(EventData.of(
            (ContractEvent) new ContractEvent.Noted("sneaky"),
            Metadata.empty().with(Tag.METADATA_KEY, "course:c-1")))));
    assertTrue(reserved.getMessage().contains(Tag.METADATA_KEY), reserved.getMessage());
    List<TaggedEvent> manyTags = new ArrayList<>();
    for (int i = 0; i < 9; i++) { // 9 events of 32 distinct tags each: 288, over the 256 allowed
      Tag[] tags = new Tag[TaggedEvent.MAX_TAGS];
      for (int t = 0; t < tags.length; t++) {
        tags[t] = Tag.of("t" + (i * TaggedEvent.MAX_TAGS + t));
      }
      manyTags.add(note("many", tags));
    }
    assertThrows(IllegalArgumentException.class, () -> dcb.append(stream, manyTags));
    assertEquals(List.of(), readWholeLog(store), "nothing written");
    assertEquals(List.of(), dcb.read(DcbQuery.all()).events());
  }
}
