package dev.eventcore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PayloadInspectorTest {

  record Line(String sku, List<String> tags, Map<String, String> attributes, Optional<String> note) {
    static Line ok() {
      return new Line("sku-1", List.of("a", "b"), Map.of("colour", "red"), Optional.of("fine"));
    }
  }

  record Order(String id, Line line, double total, float ratio, double[] samples) {
    static Order with(Line line) {
      return new Order("o-1", line, 9.5, 0.5f, new double[] {1, 2, 3});
    }
  }

  record Node(String name, Node child) {}

  record Numbers(List<Double> values, Map<String, Object> extra) {}

  record Letters(char initial, char[] code) {}

  enum Colour {
    RED
  }

  record Leaves(UUID id, Instant at, Colour colour, int count, Long boxed, Boolean flag) {}

  private static IllegalArgumentException rejected(Object payload) {
    return assertThrows(
        IllegalArgumentException.class, () -> PayloadInspector.inspect(payload, "payload of event 1"));
  }

  private static void assertMessage(IllegalArgumentException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }
  }

  record Counted(int count, long total, boolean flag, String label) {}

  record BoxedCounted(Integer count, Long total, Boolean flag, String label) {}

  @Test
  void sizesPrimitiveComponentsAsTheirBoxedValues() {
    assertEquals(
        PayloadInspector.sizeOf(new BoxedCounted(1, 2L, true, "x")),
        PayloadInspector.sizeOf(new Counted(1, 2, true, "x")));
  }

  @Test
  void sizeOfIsInspectWithoutTheName() {
    Order order = Order.with(Line.ok());
    assertEquals(PayloadInspector.inspect(order, "payload"), PayloadInspector.sizeOf(order));
    Order bad = new Order("o-1", Line.ok(), Double.NaN, 0.5f, new double[0]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PayloadInspector.sizeOf(bad));
    assertEquals("has NaN; JSON allows only finite numbers at $.total", e.getMessage());
    assertEquals("payload of event 1 " + e.getMessage(), rejected(bad).getMessage());
  }

  @Test
  void acceptsAnOrdinaryPayload() {
    assertTrue(PayloadInspector.inspect(Order.with(Line.ok()), "payload") > 0);
    assertTrue(
        PayloadInspector.inspect(
                new Leaves(UUID.randomUUID(), Instant.now(), Colour.RED, 1, 2L, true), "payload")
            > 0);
    assertTrue(PayloadInspector.inspect(new Node("a", null), "payload") > 0);
  }

  @Test
  void acceptsTextWithSurrogatePairs() {
    Line line = new Line("\uD83D\uDE00", List.of("caf\u00e9"), Map.of(), Optional.empty());
    assertTrue(PayloadInspector.inspect(Order.with(line), "payload") > 0);
  }

  @Test
  void rejectsNulInANestedRecordFieldNamingThePath() {
    Line line = new Line("sk\u0000u", List.of(), Map.of(), Optional.empty());
    assertMessage(rejected(Order.with(line)), "payload of event 1", "$.line.sku", "NUL");
  }

  @Test
  void rejectsNulInAListElementNamingItsIndex() {
    Line line = new Line("s", List.of("ok", "b\u0000d"), Map.of(), Optional.empty());
    assertMessage(rejected(Order.with(line)), "$.line.tags[1]", "NUL");
  }

  @Test
  void rejectsNulInAMapKeyOrValueNamingThePath() {
    Line badKey = new Line("s", List.of(), Map.of("co\u0000lour", "red"), Optional.empty());
    assertMessage(rejected(Order.with(badKey)), "$.line.attributes.<key>", "NUL");
    Line badValue = new Line("s", List.of(), Map.of("colour", "r\u0000ed"), Optional.empty());
    assertMessage(rejected(Order.with(badValue)), "$.line.attributes.colour", "NUL");
  }

  @Test
  void rejectsNulInsideAnOptionalNamingThePath() {
    Line line = new Line("s", List.of(), Map.of(), Optional.of("\u0000"));
    assertMessage(rejected(Order.with(line)), "$.line.note", "NUL");
  }

  @Test
  void rejectsLoneSurrogatesWhereverTheyAre() {
    assertMessage(
        rejected(Order.with(new Line("s\uD800", List.of(), Map.of(), Optional.empty()))),
        "$.line.sku",
        "unpaired surrogate");
    assertMessage(
        rejected(Order.with(new Line("s", List.of("\uDC00"), Map.of(), Optional.empty()))),
        "$.line.tags[0]",
        "unpaired surrogate");
    assertMessage(
        rejected(Order.with(new Line("s", List.of(), Map.of("\uDBFF", "v"), Optional.empty()))),
        "$.line.attributes.<key>");
    assertMessage(
        rejected(Order.with(new Line("s", List.of(), Map.of("k", "\uD83D"), Optional.empty()))),
        "$.line.attributes.k");
    assertMessage(
        rejected(Order.with(new Line("s", List.of(), Map.of(), Optional.of("x\uDE00")))),
        "$.line.note");
  }

  @Test
  void rejectsAStringPayloadWithNulAtTheRoot() {
    assertMessage(rejected("a\u0000"), "$");
  }

  @Test
  void rejectsNanAndInfinityInDoubleAndFloatFields() {
    assertMessage(
        rejected(new Order("o", Line.ok(), Double.NaN, 1f, new double[0])),
        "$.total",
        "NaN",
        "finite");
    assertMessage(
        rejected(new Order("o", Line.ok(), Double.NEGATIVE_INFINITY, 1f, new double[0])),
        "$.total",
        "Infinity");
    assertMessage(
        rejected(new Order("o", Line.ok(), 1, Float.POSITIVE_INFINITY, new double[0])),
        "$.ratio",
        "Infinity");
    assertMessage(rejected(new Order("o", Line.ok(), 1, Float.NaN, new double[0])), "$.ratio");
  }

  @Test
  void rejectsNanAndInfinityInDoubleArraysAndListsNamingTheIndex() {
    assertMessage(
        rejected(new Order("o", Line.ok(), 1, 1f, new double[] {1, 2, Double.NaN})),
        "$.samples[2]",
        "NaN");
    assertMessage(rejected(new float[] {Float.NEGATIVE_INFINITY}), "$[0]");
    assertMessage(
        rejected(new Numbers(List.of(1.0, Double.POSITIVE_INFINITY), Map.of())), "$.values[1]");
    assertMessage(rejected(new Numbers(List.of(), Map.of("x", Float.NaN))), "$.extra.x");
  }

  @Test
  void rejectsNulAndLoneSurrogatesInCharFieldsAndCharArrays() {
    // Jackson writes a char and a char[] as JSON strings, which PostgreSQL cannot store with NUL.
    assertMessage(rejected(new Letters('\u0000', new char[] {'a'})), "$.initial");
    assertMessage(rejected(new Letters('\uD800', new char[] {'a'})), "$.initial");
    assertMessage(rejected(new Letters('a', new char[] {'a', '\u0000'})), "$.code");
    assertTrue(PayloadInspector.inspect(new Letters('a', "ok".toCharArray()), "payload") > 0);
  }

  @Test
  void rejectsNestingDeeperThanTheJsonReadLimit() {
    Node node = new Node("leaf", null);
    for (int i = 1; i < 500; i++) {
      node = new Node("n" + i, node);
    }
    assertTrue(PayloadInspector.inspect(node, "payload") > 0, "500 levels are readable");
    assertMessage(rejected(new Node("top", node)), "nests deeper than 500");
  }

  /** A plain class, written by codecs through its public getters and fields. */
  public static final class Plain {
    public double amount;
    private final String name;

    Plain(String name, double amount) {
      this.name = name;
      this.amount = amount;
    }

    public String getName() {
      return name;
    }
  }

  @Test
  void checksPlainClassesThroughTheirPublicGettersAndFields() {
    assertTrue(PayloadInspector.inspect(new Plain("ok", 1.5), "payload") > 0);
    assertMessage(rejected(new Plain("a\u0000b", 1)), "$.name", "NUL");
    assertMessage(rejected(new Plain("\uD800", 1)), "$.name", "surrogate");
    assertMessage(rejected(new Plain("ok", Double.NaN)), "$.amount", "NaN");
    assertMessage(rejected(List.of(new Plain("ok", 1), new Plain("x\u0000", 1))), "$[1].name");
  }

  @Test
  void rejectsNegativeZeroWhichJsonbReadsBackAsZero() {
    assertMessage(rejected(new Numbers(List.of(1.0, -0.0), Map.of())), "$.values[1]", "negative zero");
    assertMessage(rejected(new float[] {-0.0f}), "$[0]", "negative zero");
    assertTrue(PayloadInspector.inspect(new Numbers(List.of(0.0), Map.of()), "payload") > 0);
  }

  @Test
  void rejectsValuesOverTheJsonReadLimits() {
    java.math.BigDecimal huge = new java.math.BigDecimal("9".repeat(1_500));
    assertMessage(rejected(new Numbers(List.of(), Map.of("n", huge))), "$.extra.n", "1500",
        "at most 1000");
    assertTrue(PayloadInspector.inspect(new java.math.BigDecimal("-" + "9".repeat(1_000)),
        "payload") > 0);
    assertMessage(rejected(Map.of("k".repeat(60_000), "v")), "$.<key>", "at most 50000");
  }

  record WithGetter(double value) {
    public double getRatio() {
      return value / 0.0 * 0.0; // NaN
    }
  }

  /** A plain class whose getter fails. */
  public static final class Failing {
    public String getName() {
      throw new IllegalStateException("no name yet");
    }
  }

  @Test
  void walksWhatACodecWritesBeyondRecordComponents() {
    assertMessage(rejected(new WithGetter(1)), "$.ratio", "NaN");
    assertMessage(rejected(new Failing()), "$.name", "no name yet");
    assertMessage(rejected(java.util.OptionalDouble.of(Double.NaN)), "NaN");
    assertMessage(rejected(List.of(new StringBuilder("a\u0000b"))), "$[0]", "NUL");
  }

  @Test
  void rejectsMapKeysThatJsonCannotHoldOrThatCollide() {
    Map<Object, String> nullKey = new java.util.HashMap<>();
    nullKey.put(null, "x");
    assertMessage(rejected(nullKey), "null map key");
    Map<Object, String> colliding = new LinkedHashMap<>();
    colliding.put(1, "a");
    colliding.put("1", "b");
    assertMessage(rejected(colliding), "two map keys written as '1'");
    assertMessage(rejected(Map.of("\u4e2d".repeat(17_000), 1)), "51000 bytes", "at most 50000");
  }

  @Test
  void countsTheDigitsOfANumberAsReadersDo() {
    assertTrue(PayloadInspector.inspect(new java.math.BigDecimal("1." + "1".repeat(999)),
        "payload") > 0);
    assertMessage(rejected(new java.math.BigDecimal("1." + "1".repeat(1_000))), "1001 digits");
    assertMessage(rejected(new java.math.BigDecimal("1E+3")), "negative scale");
  }

  @Test
  void rejectsANullOptionalWhichWouldReadBackEmpty() {
    assertMessage(rejected(new Line("s", List.of(), Map.of(), null)), "$.note", "Optional.empty()");
  }

  @Test
  void sizesTheShortEscapesAtTwoBytes() {
    assertEquals(2 + 2 * 5, PayloadInspector.jsonTextBytes("\n\t\r\b\f"));
    assertEquals(2 + 6, PayloadInspector.jsonTextBytes("\u0001"));
    assertEquals(2 + 200_000 * 2L, PayloadInspector.jsonTextBytes("\n".repeat(200_000)));
  }

  @Test
  void rejectsASelfContainingListPromptly() {
    List<Object> cyclic = new ArrayList<>();
    cyclic.add("a");
    cyclic.add(cyclic);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> rejected(cyclic));
  }

  @Test
  void rejectsACycleWithSeveralBackReferencesPromptly() {
    // Walking every path of this graph to the depth limit would visit 2^64 nodes.
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    cyclic.add(cyclic);
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("self", map);
    map.put("again", map);
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          assertMessage(rejected(cyclic), "cycle");
          assertMessage(rejected(map), "cycle");
        });
  }

  @Test
  void acceptsTheSameObjectReferencedTwiceWithoutACycle() {
    List<String> shared = List.of("x", "y");
    assertTrue(PayloadInspector.inspect(List.of(shared, shared), "payload") > 0);
  }

  @Test
  void theSizeEstimateGrowsWithContent() {
    long small = PayloadInspector.inspect(new Node("a", null), "payload");
    long large = PayloadInspector.inspect(new Node("a".repeat(10_000), null), "payload");
    assertTrue(large >= small + 9_999, small + " vs " + large);

    long fewTags = PayloadInspector.inspect(List.of("t"), "payload");
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      tags.add("tag" + i);
    }
    assertTrue(PayloadInspector.inspect(tags, "payload") > fewTags + 1_000);

    long bytes = PayloadInspector.inspect(new byte[30_000], "payload");
    assertTrue(bytes >= 40_000, "base64 of 30,000 bytes is 40,000 chars but estimate was " + bytes);
    assertTrue(
        PayloadInspector.inspect(new double[1_000], "payload")
            > PayloadInspector.inspect(new double[10], "payload"));
    assertEquals(
        PayloadInspector.inspect(new Node("abc", null), "payload"),
        PayloadInspector.inspect(new Node("xyz", null), "payload"));
  }
}
