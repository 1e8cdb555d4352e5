package dev.eventcore.dcb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The boundary model's values: tags, items, queries, tagged events and tag rules. */
class DcbModelTest {
  private record Subscribed(String course, String student) {}

  private static final TagRule<Subscribed> RULE =
      s -> Set.of(Tag.of("course", s.course()), Tag.of("student", s.student()));

  @Test
  void tagsAreStringsWithAKeyValueHelperAndAReservedDollar() {
    assertEquals("course:c-1", Tag.of("course", "c-1").value());
    assertEquals("vip", Tag.of("vip").toString());
    assertTrue(Tag.stream(StreamId.of("order-1")).isStream());
    assertEquals(StreamId.of("order-1"), Tag.stream(StreamId.of("order-1")).streamId().get());
    assertFalse(Tag.of("vip").streamId().isPresent());
    assertThrows(IllegalArgumentException.class, () -> Tag.of(""));
    assertThrows(IllegalArgumentException.class, () -> Tag.of("$x"));
    assertThrows(IllegalArgumentException.class, () -> new Tag("$other:x"));
    assertThrows(IllegalArgumentException.class, () -> Tag.of("tab\there"));
    assertThrows(IllegalArgumentException.class, () -> Tag.of("", "v"));
    assertThrows(NullPointerException.class, () -> Tag.of(null));
    assertEquals(Tag.MAX_LENGTH, Tag.of("x".repeat(Tag.MAX_LENGTH)).value().length());
  }

  @Test
  void tagsAreKeptInMetadataSortedAndReadBack() {
    TaggedEvent event = TaggedEvent.of(EventData.of("payload", Metadata.empty().with("k", "v")),
        Tag.of("b"), Tag.of("a"), Tag.of("b"));
    EventData<?> stored = event.stored();
    assertEquals("a\nb", stored.metadata().get(Tag.METADATA_KEY).orElseThrow());
    assertEquals("v", stored.metadata().get("k").orElseThrow());
    assertEquals(event.event().id(), stored.id());
    assertEquals(List.of(Tag.of("a"), Tag.of("b")), List.copyOf(Tag.ofMetadata(stored.metadata())));
    assertTrue(Tag.ofMetadata(Metadata.empty()).isEmpty());
    Metadata plain = Metadata.empty().with("k", "v");
    assertEquals(plain, TaggedEvent.of(EventData.of("x", plain), List.of()).stored().metadata(),
        "no tags: the metadata is left as it is");
  }

  @Test
  void aTaggedEventRefusesStreamTagsAndTooManyTags() {
    assertThrows(IllegalArgumentException.class,
        () -> TaggedEvent.of("p", Tag.stream(StreamId.of("s-1"))));
    Tag[] many = new Tag[TaggedEvent.MAX_TAGS + 1];
    for (int i = 0; i < many.length; i++) {
      many[i] = Tag.of("t" + i);
    }
    assertThrows(IllegalArgumentException.class, () -> TaggedEvent.of("p", many));
  }

  @Test
  void theTagsKeyCannotBeSmuggledInThroughMetadata() {
    EventData<String> smuggled = EventData.of("p", Metadata.empty().with(Tag.METADATA_KEY, "a"));
    assertThrows(IllegalArgumentException.class, () -> TaggedEvent.of(smuggled, List.of()));
    assertThrows(IllegalArgumentException.class, () -> TaggedEvent.of(smuggled, Tag.of("b")));
  }

  @Test
  void aQueryHasAtMostSixtyFourItems() {
    List<QueryItem> items = new ArrayList<>();
    for (int i = 0; i <= DcbQuery.MAX_ITEMS; i++) {
      items.add(QueryItem.tags(Tag.of("t" + i)));
    }
    assertThrows(IllegalArgumentException.class, () -> new DcbQuery(items));
    assertEquals(DcbQuery.MAX_ITEMS, new DcbQuery(items.subList(0, DcbQuery.MAX_ITEMS)).items()
        .size());
  }

  @Test
  void anItemMatchesItsTypesAndAllItsTags() {
    Set<Tag> tags = Set.of(Tag.of("a"), Tag.of("b"));
    assertTrue(QueryItem.tags(Tag.of("a")).matches("T", "s-1", tags));
    assertTrue(QueryItem.tags(Tag.of("a"), Tag.of("b")).matches("T", "s-1", tags));
    assertFalse(QueryItem.tags(Tag.of("a"), Tag.of("c")).matches("T", "s-1", tags));
    assertTrue(QueryItem.types("T", "U").matches("T", "s-1", Set.of()));
    assertFalse(QueryItem.types("U").matches("T", "s-1", tags));
    assertTrue(QueryItem.tags(Tag.stream(StreamId.of("s-1"))).matches("T", "s-1", Set.of()));
    assertFalse(QueryItem.tags(Tag.stream(StreamId.of("s-1"))).matches("T", "s-12", Set.of()));
    assertFalse(QueryItem.tags(Tag.stream(StreamId.of("s-12"))).matches("T", "s-2", Set.of()));
    assertTrue(QueryItem.of(Set.of(), Set.of()).matches("T", "s-1", Set.of()));
    assertThrows(IllegalArgumentException.class, () -> QueryItem.tags(
        Tag.stream(StreamId.of("s-1")), Tag.stream(StreamId.of("s-2"))));
    assertThrows(IllegalArgumentException.class, () -> QueryItem.types(""));
    assertThrows(IllegalArgumentException.class, () -> new DcbQuery(List.of()));
  }

  @Test
  void anEventMatchesAfterWhenAnItemItMatchesWasReadBeforeIt() {
    DcbQuery query = DcbQuery.of(QueryItem.tags(Tag.of("a")), QueryItem.tags(Tag.of("b")));
    DcbEvent ab = new DcbEvent(new RecordedEvent<>(GlobalPosition.of(5), StreamId.of("s-1"),
        Version.of(1), EventId.random(), "T", "p", Metadata.empty(), Instant.EPOCH),
        new TreeSet<>(Set.of(Tag.of("a"), Tag.of("b"))));
    GlobalPosition four = GlobalPosition.of(4);
    GlobalPosition five = GlobalPosition.of(5);
    assertTrue(query.matchesAfter(ab, List.of(four, five)), "the first item was read before it");
    assertTrue(query.matchesAfter(ab, List.of(five, four)), "the second item was");
    assertFalse(query.matchesAfter(ab, List.of(five, five)), "both were read to it");
    assertEquals(four, query.earliest(List.of(five, four)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> query.matchesAfter(ab, List.of(four)));
    assertEquals("one position per query item is needed: the query has 2 item(s) but got 1"
        + " position(s)", e.getMessage());
  }

  @Test
  void aRuleDerivesTagsFromThePayload() {
    TaggedEvent one = RULE.tag(new Subscribed("c-1", "s-1"));
    assertEquals(Set.of(Tag.of("course", "c-1"), Tag.of("student", "s-1")), one.tags());
    EventData<Subscribed> kept = EventData.of(new Subscribed("c-2", "s-2"),
        Metadata.empty().withCorrelationId("k"));
    assertEquals(kept.id(), RULE.tagEvent(kept).event().id());
    assertEquals(2, RULE.tagAll(List.of(new Subscribed("a", "b"), new Subscribed("c", "d")))
        .size());
    TagRule<Subscribed> broken = s -> null;
    assertThrows(NullPointerException.class, () -> broken.tag(new Subscribed("a", "b")));
  }
}
