package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetadataTest {

  @Test
  void emptyHasNoEntries() {
    assertTrue(Metadata.empty().isEmpty());
    assertEquals(Map.of(), Metadata.empty().entries());
    assertSame(Metadata.empty(), Metadata.of(Map.of()));
  }

  @Test
  void copiesTheGivenMapSoLaterChangesToItDoNotShow() {
    Map<String, String> source = new HashMap<>();
    source.put("user", "alice");
    Metadata metadata = Metadata.of(source);
    source.put("user", "mallory");
    source.put("tenant", "t1");
    assertEquals(Map.of("user", "alice"), metadata.entries());
  }

  @Test
  void itsEntriesCannotBeModified() {
    Metadata metadata = Metadata.empty().with("user", "alice");
    assertThrows(UnsupportedOperationException.class, () -> metadata.entries().put("x", "y"));
    assertThrows(UnsupportedOperationException.class, () -> metadata.entries().remove("user"));
    assertThrows(UnsupportedOperationException.class, () -> metadata.entries().clear());
  }

  @Test
  void withReturnsACopyAndLeavesTheOriginalUnchanged() {
    Metadata original = Metadata.empty().with("user", "alice");
    Metadata changed = original.with("tenant", "t1");
    assertNotSame(original, changed);
    assertEquals(Map.of("user", "alice"), original.entries());
    assertEquals(Map.of("user", "alice", "tenant", "t1"), changed.entries());
  }

  @Test
  void withReplacesAnExistingValueAndKeepsTheEntriesInKeyOrder() {
    Metadata metadata =
        Metadata.empty().with("c", "3").with("a", "1").with("bb", "2").with("a", "one");
    assertEquals(List.of("a", "bb", "c"), List.copyOf(metadata.entries().keySet()));
    assertEquals(Optional.of("one"), metadata.get("a"));
  }

  @Test
  void withOtherMetadataAddsItsEntriesAndItWinsOnEqualKeys() {
    Metadata mine = Metadata.empty().with("user", "alice").with("tenant", "t1");
    Metadata theirs = Metadata.empty().with("tenant", "t2").with("trace", "x");
    assertEquals(
        Map.of("user", "alice", "tenant", "t2", "trace", "x"), mine.with(theirs).entries());
    assertSame(mine, mine.with(Metadata.empty()));
    assertEquals(theirs, Metadata.empty().with(theirs));
  }

  @Test
  void correlationAndCausationIdsAreReadBackFromTheirKeys() {
    Metadata metadata = Metadata.empty().withCorrelationId("req-7").withCausationId("evt-3");
    assertEquals(Optional.of("req-7"), metadata.correlationId());
    assertEquals(Optional.of("evt-3"), metadata.causationId());
    assertEquals(Optional.of("req-7"), metadata.get(Metadata.CORRELATION_ID));
    assertEquals(
        Optional.of("c"), Metadata.of(Map.of("correlationId", "c")).correlationId());
    assertEquals(
        Optional.of("d"), Metadata.of(Map.of("causationId", "d")).causationId());
  }

  @Test
  void absentCorrelationAndCausationIdsAreEmpty() {
    assertEquals(Optional.empty(), Metadata.empty().correlationId());
    assertEquals(Optional.empty(), Metadata.empty().with("user", "a").causationId());
    assertEquals(Optional.empty(), Metadata.empty().get("nope"));
  }

  @Test
  void rejectsAnEmptyKeySayingHowLongKeysMayBe() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metadata.empty().with("", "v"));
    assertTrue(e.getMessage().contains("1..255"), e.getMessage());
  }

  @Test
  void acceptsA255CharKeyAndRejectsALongerOne() {
    assertEquals(1, Metadata.empty().with("k".repeat(255), "v").entries().size());
    assertThrows(
        IllegalArgumentException.class, () -> Metadata.empty().with("k".repeat(256), "v"));
  }

  @Test
  void rejectsNulInAKeyOrAValue() {
    IllegalArgumentException key =
        assertThrows(IllegalArgumentException.class, () -> Metadata.empty().with("us\u0000er", "v"));
    assertTrue(key.getMessage().contains("metadata key"), key.getMessage());
    assertTrue(key.getMessage().contains("NUL"), key.getMessage());
    IllegalArgumentException value =
        assertThrows(IllegalArgumentException.class, () -> Metadata.empty().with("user", "al\u0000ice"));
    assertTrue(value.getMessage().contains("'user'"), value.getMessage());
    assertTrue(value.getMessage().contains("NUL"), value.getMessage());
  }

  @Test
  void rejectsLoneSurrogatesInAKeyOrAValue() {
    IllegalArgumentException key =
        assertThrows(IllegalArgumentException.class, () -> Metadata.empty().with("k\uD800", "v"));
    assertTrue(key.getMessage().contains("unpaired surrogate"), key.getMessage());
    IllegalArgumentException value =
        assertThrows(IllegalArgumentException.class, () -> Metadata.of(Map.of("k", "\uDC00v")));
    assertTrue(value.getMessage().contains("unpaired surrogate"), value.getMessage());
    assertTrue(value.getMessage().contains("'k'"), value.getMessage());
  }

  @Test
  void acceptsSurrogatePairsAndOtherUnicode() {
    Metadata metadata = Metadata.empty().with("emoji\uD83D\uDE00", "caf\u00e9 \uD83D\uDE00");
    assertEquals(Optional.of("caf\u00e9 \uD83D\uDE00"), metadata.get("emoji\uD83D\uDE00"));
  }

  @Test
  void rejectsNullsNamingTheArgument() {
    assertEquals(
        "key",
        assertThrows(NullPointerException.class, () -> Metadata.empty().with(null, "v"))
            .getMessage());
    assertEquals(
        "value",
        assertThrows(NullPointerException.class, () -> Metadata.empty().with("k", null))
            .getMessage());
    assertEquals(
        "entries",
        assertThrows(NullPointerException.class, () -> new Metadata(null)).getMessage());
    assertEquals(
        "other",
        assertThrows(NullPointerException.class, () -> Metadata.empty().with((Metadata) null))
            .getMessage());
  }

  @Test
  void rejectsNullKeysAndValuesInsideTheMap() {
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("user", null);
    NullPointerException value =
        assertThrows(NullPointerException.class, () -> Metadata.of(nullValue));
    assertTrue(value.getMessage().contains("user"), value.getMessage());
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "v");
    assertThrows(NullPointerException.class, () -> Metadata.of(nullKey));
  }

  @Test
  void itsEntriesAreAMapLikeAnyOtherWhateverBuiltThem() {
    Metadata built = Metadata.empty().with("b", "2").with("a", "1").with(Metadata.of(Map.of("c", "3")));
    Map<String, String> plain = new HashMap<>(Map.of("a", "1", "b", "2", "c", "3"));
    assertEquals(plain, built.entries());
    assertEquals(built.entries(), plain);
    assertEquals(plain.hashCode(), built.entries().hashCode());
    assertEquals("{a=1, b=2, c=3}", built.entries().toString());
    assertEquals(built, new Metadata(built.entries()));
    assertEquals(built, Metadata.of(plain));
    assertEquals(null, built.entries().get(42));
    assertTrue(!built.entries().containsKey(42) && built.entries().containsKey("a"));
    assertThrows(UnsupportedOperationException.class,
        () -> built.entries().keySet().iterator().remove());
    assertThrows(UnsupportedOperationException.class,
        () -> built.entries().entrySet().iterator().next().setValue("x"));
    assertThrows(UnsupportedOperationException.class, () -> built.entries().values().clear());
  }

  @Test
  void metadataWithEqualEntriesIsEqual() {
    assertEquals(Metadata.empty().with("a", "1"), Metadata.of(Map.of("a", "1")));
  }

  @Test
  void toJsonWritesTheEntriesInKeyOrderWithJsonEscapes() {
    assertEquals("{}", Metadata.empty().toJson());
    assertEquals("{\"a\":\"q\\\"\\\\\",\"b\":\"1\\n2\\u0001\"}",
        Metadata.empty().with("b", "1\n2\u0001").with("a", "q\"\\").toJson());
  }
}
