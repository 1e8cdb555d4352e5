package dev.eventcore.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Values declared {@code Object} that a JSON codec would read back as other values are refused by
 * the payload check of stores that keep objects as given, naming where and what; JSON's own types
 * pass.
 */
class UntypedSlotsTest {
  record Loose(Object value) {}

  record Bag(List<Object> items, Map<String, ?> attributes, Object[] array) {}

  /** A map payload whose values are declared {@code Object}. */
  static final class Attributes extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    Attributes(Map<String, Object> entries) {
      super(entries);
    }
  }

  /** A map payload whose values are typed: not this rule's business. */
  static final class Counts extends LinkedHashMap<String, Long> {
    private static final long serialVersionUID = 1L;

    Counts(Map<String, Long> entries) {
      super(entries);
    }
  }

  record Typed(List<Long> longs, Map<String, Long> counts, Set<String> names) {}

  private static String refused(Object payload) {
    return assertThrows(IllegalArgumentException.class,
        () -> PayloadInspector.inspect(payload, "payload")).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
    }
  }

  @Test
  void jsonsOwnTypesPassWhereTheTypeIsDeclaredObject() {
    Map<String, Object> nested = Map.of("k", List.of("v", 1, 2.5, true, Long.MAX_VALUE));
    PayloadInspector.inspect(new Loose(List.of(1, "a", nested, 1L << 40,
        BigInteger.ONE.shiftLeft(70))), "payload");
    PayloadInspector.inspect(new Bag(List.of("a", 1), Map.of("x", 2.5), new Object[] {"s"}),
        "payload");
    PayloadInspector.inspect(new Attributes(Map.of("n", 1, "s", "x")), "payload");
    PayloadInspector.inspect(new Counts(Map.of("n", 5L)), "payload");
    PayloadInspector.inspect(new Typed(List.of(5L), Map.of("n", 5L), Set.of("a")), "payload");
  }

  @Test
  void otherValuesAreRefusedNamingThePathTheClassAndWhatWouldComeBack() {
    assertContains(refused(new Loose(5L)), "payload holds a java.lang.Long where the type is"
        + " declared Object, which a JSON codec reads back as an Integer", "at $.value");
    assertContains(refused(new Loose(BigInteger.TEN)), "an Integer or a Long", "$.value");
    assertContains(refused(new Loose(1.5f)), "java.lang.Float", "$.value");
    assertContains(refused(new Loose(Set.of("a"))), "a list", "$.value");
    assertContains(refused(new Loose(new Loose("x"))), "a map or a String", "$.value");
    assertContains(refused(new Loose(List.of("a", 'c'))), "java.lang.Character", "a String",
        "$.value[1]");
    assertContains(refused(new Loose(Map.of(1, "a"))), "a String key", "$.value.<key>");
    assertContains(refused(new Bag(List.of("a", 2L), Map.of(), new Object[0])), "$.items[1]");
    assertContains(refused(new Bag(List.of(), Map.of("n", (short) 1), new Object[0])),
        "java.lang.Short", "$.attributes.n");
    assertContains(refused(new Bag(List.of(), Map.of(), new Object[] {"a", 3L})),
        "$.array[1]");
    assertContains(refused(new Attributes(Map.of("count", 5L))), "java.lang.Long", "$.count");
  }
}
