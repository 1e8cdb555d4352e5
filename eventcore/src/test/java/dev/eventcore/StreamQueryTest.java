package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamQueryTest {

  @Test
  void theFactoriesAndWithersSetOneFieldEach() {
    StreamQuery query = StreamQuery.inCategory("order").withPrefix("order-4").withLimit(7)
        .startingAfter(StreamId.of("order-41"));
    assertEquals(new StreamQuery("order-4", Optional.of("order"),
        Optional.of(StreamId.of("order-41")), 7), query);
    assertEquals(new StreamQuery("", Optional.empty(), Optional.empty(),
        StreamQuery.DEFAULT_LIMIT), StreamQuery.all());
    assertEquals("x", StreamQuery.startingWith("x").prefix());
  }

  @Test
  void matchesAppliesPrefixCategoryAndCursor() {
    StreamQuery query = StreamQuery.inCategory("order").withPrefix("order-4")
        .startingAfter(StreamId.of("order-41"));
    assertTrue(query.matches(StreamId.of("order-42")));
    assertFalse(query.matches(StreamId.of("order-41")));
    assertFalse(query.matches(StreamId.of("order-40")));
    assertFalse(query.matches(StreamId.of("order-5")));
    assertTrue(StreamQuery.inCategory("order").matches(StreamId.of("order")));
    assertFalse(StreamQuery.inCategory("order").matches(StreamId.of("orders-1")));
    assertFalse(StreamQuery.inCategory("order").matches(StreamId.of("order1")));
  }

  @Test
  void idOrderComparesCodePoints() {
    List<StreamId> ids = new ArrayList<>(List.of(StreamId.of("a\uD83D\uDE00"),
        StreamId.of("a\uFF01"), StreamId.of("ab"), StreamId.of("a"), StreamId.of("B")));
    ids.sort(StreamQuery.ID_ORDER);
    assertEquals(List.of(StreamId.of("B"), StreamId.of("a"), StreamId.of("ab"),
        StreamId.of("a\uFF01"), StreamId.of("a\uD83D\uDE00")), ids);
  }

  @Test
  void badArgumentsAreRefusedSayingWhatIsAllowed() {
    assertEquals("prefix", assertThrows(NullPointerException.class,
        () -> StreamQuery.startingWith(null)).getMessage());
    assertEquals("category", assertThrows(NullPointerException.class,
        () -> StreamQuery.inCategory(null)).getMessage());
    assertEquals("stream", assertThrows(NullPointerException.class,
        () -> StreamQuery.all().startingAfter(null)).getMessage());
    assertEquals("stream", assertThrows(NullPointerException.class,
        () -> StreamQuery.all().matches(null)).getMessage());
    for (int bad : new int[] {0, -1, StreamQuery.MAX_LIMIT + 1, Integer.MIN_VALUE}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StreamQuery.all().withLimit(bad));
      assertTrue(e.getMessage().contains("limit must be 1..10000 but was " + bad), e.getMessage());
    }
    for (String bad : new String[] {"", "order-x"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StreamQuery.inCategory(bad));
      assertTrue(e.getMessage().contains("without '-'"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> StreamQuery.inCategory("a\u0000"));
    assertThrows(IllegalArgumentException.class, () -> StreamQuery.startingWith("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> StreamQuery.startingWith("a\uD83D"));
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> StreamQuery.startingWith("x".repeat(StreamId.MAX_LENGTH + 1)));
    assertTrue(tooLong.getMessage().contains("at most 255"), tooLong.getMessage());
  }

  @Test
  void aListedStreamHasEvents() {
    assertThrows(IllegalArgumentException.class, () -> new StreamInfo(StreamId.of("a"),
        Version.NONE, java.time.Instant.EPOCH));
    assertThrows(NullPointerException.class, () -> new StreamInfo(null, Version.of(1),
        java.time.Instant.EPOCH));
  }
}
