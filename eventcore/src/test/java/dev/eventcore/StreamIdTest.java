package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.eventcore.internal.LegacyStreamIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;

class StreamIdTest {

  @Test
  void keepsAValidValueAsGiven() {
    assertEquals("order-42", StreamId.of("order-42").value());
    assertEquals("order-42", StreamId.of("order-42").toString());
    assertEquals(new StreamId("order 42"), StreamId.of("order 42"));
  }

  @Test
  void rejectsNullNamingTheArgument() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> StreamId.of(null));
    assertEquals("value", e.getMessage());
  }

  @Test
  void rejectsAnEmptyValueSayingHowLongItMayBe() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of(""));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    assertTrue(e.getMessage().contains("1..255"), e.getMessage());
  }

  @Test
  void acceptsExactly255CharsAndRejects256SayingTheLimit() {
    assertEquals(255, StreamId.of("a".repeat(255)).value().length());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("a".repeat(256)));
    assertTrue(e.getMessage().contains("256"), e.getMessage());
    assertTrue(e.getMessage().contains("at most 255"), e.getMessage());
  }

  @Test
  void theLongestIdFitsTheDocumentedUtf8ByteLimit() {
    String longest = "\u20ac".repeat(StreamId.MAX_LENGTH); // 3 UTF-8 bytes each
    StreamId id = StreamId.of(longest);
    assertEquals(StreamId.MAX_UTF8_BYTES, id.value().getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void countsTheLimitInUtf16UnitsSoSupplementaryCharsCountTwice() {
    String emoji = "\uD83D\uDE00";
    assertEquals(254, StreamId.of(emoji.repeat(127)).value().length());
    assertThrows(IllegalArgumentException.class, () -> StreamId.of(emoji.repeat(128)));
  }

  @ParameterizedTest
  @ValueSource(strings = {" order-1", "order-1 ", "  ", " ", "\u2003order", "order\u3000", "\u00A0order", "order\u00A0"})
  void rejectsLeadingOrTrailingWhitespaceAndBlankValues(String padded) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of(padded));
    assertTrue(e.getMessage().contains("whitespace"), e.getMessage());
  }

  @Test
  void allowsWhitespaceInside() {
    assertEquals("order 42", StreamId.of("order 42").value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\u0001b", "a\nb", "a\u001Fb", "a\u007Fb", "a\u0085b", "a\u009Fb"})
  void rejectsIsoControlCharactersNamingTheCodePointAndIndex(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of(text));
    String hex = String.format("U+%04X", (int) text.charAt(1));
    assertTrue(e.getMessage().contains("control characters"), e.getMessage());
    assertTrue(e.getMessage().contains(hex), e.getMessage());
    assertTrue(e.getMessage().contains("index 1"), e.getMessage());
  }

  @Test
  void rejectsNulEvenAtTheEnds() {
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("\u0000order"));
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("order\u0000"));
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("\u0000"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\uD800b", "a\uDC00b", "ab\uD83D", "\uDE00ab", "a\uDE00\uD83Db"})
  void rejectsLoneSurrogates(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of(text));
    assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
  }

  @Test
  void acceptsSurrogatePairs() {
    assertEquals("order-\uD83D\uDE00", StreamId.of("order-\uD83D\uDE00").value());
  }

  @ParameterizedTest
  @ValueSource(ints = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x061C, 0x202A,
      0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x00AD, 0x180E, 0x2061,
      0xFFF9, 0x110BD, 0xE0001, 0xE0041})
  void rejectsInvisibleAndDirectionChangingCharactersNamingTheCharacterAndIndex(int codePoint) {
    String text = "order-" + new String(Character.toChars(codePoint)) + "42";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of(text));
    assertTrue(e.getMessage().contains("invisible or direction-changing"), e.getMessage());
    assertTrue(e.getMessage().contains(String.format("U+%04X %s", codePoint,
        Character.getName(codePoint))), e.getMessage());
    assertTrue(e.getMessage().contains("at index 6"), e.getMessage());
    assertTrue(e.getMessage().contains(String.format("\\u%04X", (int) text.charAt(6))),
        "the quoted id shows the character escaped: " + e.getMessage());
  }

  @Test
  void namesAZeroWidthSpaceByItsUnicodeName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("order-4\u200B2"));
    assertTrue(e.getMessage().contains("U+200B ZERO WIDTH SPACE at index 7"), e.getMessage());
  }

  @Test
  void twoIdsThatWouldPrintAlikeCannotBothExist() {
    assertEquals("order-42", StreamId.of("order-42").value());
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("order-\u200D42"));
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("\u202Eorder-42"));
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("order-42\uFEFF"));
  }

  @Test
  void rejectsAFormatCharacterInTheCategoryNamingTheCategory() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("or\u2066der", "42"));
    assertTrue(e.getMessage().startsWith("stream category"), e.getMessage());
    assertTrue(e.getMessage().contains("U+2066 LEFT-TO-RIGHT ISOLATE at index 2"), e.getMessage());
    IllegalArgumentException inId =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("order", "4\u200B2"));
    assertTrue(inId.getMessage().contains("U+200B ZERO WIDTH SPACE at index 7"),
        inId.getMessage());
  }

  @Test
  void namesTheFirstOffendingCharacter() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("a\u200Bb\u0000c"));
    assertTrue(e.getMessage().contains("U+200B"), e.getMessage());
    IllegalArgumentException control =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("a\u0001b\u200Bc"));
    assertTrue(control.getMessage().contains("control characters"), control.getMessage());
  }

  @Test
  void keepsVisibleNonLatinTextEmojiAndVariationSelectors() {
    for (String text : List.of("заказ-42", "注文-42", "طلب-42", "הזמנה-42", "order-\uD83D\uDE80",
        "order-\u2764\uFE0F", "order-e\u0301", "order-\u00A0x", "a\u00ACb")) {
      assertEquals(text, StreamId.of(text).value());
    }
  }

  @Test
  void aStoredIdWithAFormatCharacterIsStillReadableThroughTheLegacyPath() {
    String stored = "order-4\u200B2";
    assertThrows(IllegalArgumentException.class, () -> StreamId.of(stored));
    assertEquals(stored, LegacyStreamIds.read(stored).value());
    assertThrows(IllegalArgumentException.class, () -> StreamId.of(stored),
        "the leniency ends with the read");
    IllegalArgumentException control =
        assertThrows(IllegalArgumentException.class, () -> LegacyStreamIds.read("a\u200B\u0000"));
    assertTrue(control.getMessage().contains("control characters"), control.getMessage());
    assertEquals("order-42", LegacyStreamIds.read("order-42").value());
  }

  @Test
  void joinsCategoryAndIdWithADash() {
    StreamId id = StreamId.of("order", "42");
    assertEquals("order-42", id.value());
    assertEquals("order", id.category());
  }

  @Test
  void allowsDashesInTheIdPartButNotInTheCategory() {
    assertEquals("order", StreamId.of("order", "42-a").category());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("or-der", "42"));
    assertTrue(e.getMessage().contains("'-'"), e.getMessage());
    assertTrue(e.getMessage().contains("or-der"), e.getMessage());
  }

  @Test
  void rejectsAnEmptyCategoryOrId() {
    IllegalArgumentException category =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("", "42"));
    assertTrue(category.getMessage().contains("category must not be empty"), category.getMessage());
    IllegalArgumentException id =
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("order", ""));
    assertTrue(id.getMessage().contains("must not be empty"), id.getMessage());
    assertTrue(id.getMessage().contains("order"), id.getMessage());
  }

  @Test
  void rejectsANullCategoryOrIdNamingIt() {
    assertEquals(
        "category",
        assertThrows(NullPointerException.class, () -> StreamId.of(null, "42")).getMessage());
    assertEquals(
        "id",
        assertThrows(NullPointerException.class, () -> StreamId.of("order", null)).getMessage());
  }

  @Test
  void appliesTheStreamIdRulesToTheJoinedValue() {
    assertThrows(IllegalArgumentException.class, () -> StreamId.of(" order", "42"));
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("order", "42 "));
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("order", "4\u00002"));
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("order", "x".repeat(250)));
  }

  @Test
  void theCategoryIsTheTextBeforeTheFirstDashElseTheWholeValue() {
    assertEquals("order", StreamId.of("order-42-7").category());
    assertEquals("singleton", StreamId.of("singleton").category());
    assertEquals("order", StreamId.of("order-").category());
  }

  @Test
  void ordersByValue() {
    List<StreamId> ids =
        new ArrayList<>(List.of(StreamId.of("b-1"), StreamId.of("a-2"), StreamId.of("a-10")));
    ids.sort(null);
    assertEquals(List.of(StreamId.of("a-10"), StreamId.of("a-2"), StreamId.of("b-1")), ids);
    assertEquals(0, StreamId.of("x").compareTo(StreamId.of("x")));
    assertTrue(StreamId.of("a").compareTo(StreamId.of("b")) < 0);
    assertEquals(StreamId.of("x").hashCode(), StreamId.of("x").hashCode());
  }

  // ---- properties -------------------------------------------------------------------------

  /** Strings over the BMP and some supplementary planes, cleaned to satisfy every rule. */
  private static Gen<String> validIds() {
    Gen<String> bmp = strings().basicMultilingualPlaneAlphabet().ofLengthBetween(1, 120);
    Gen<String> supplementary = strings().betweenCodePoints(0x1F300, 0x1FAFF).ofLengthBetween(1, 60);
    return bmp.mix(supplementary, 30).map(StreamIdTest::clean);
  }

  private static String clean(String raw) {
    StringBuilder out = new StringBuilder();
    raw.codePoints()
        .filter(cp -> !Character.isISOControl(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)
            && Character.getType(cp) != Character.FORMAT)
        .forEach(
            cp -> {
              if (out.length() + Character.charCount(cp) <= 250) {
                out.appendCodePoint(cp);
              }
            });
    String stripped = out.toString().strip();
    return stripped.isEmpty() ? "x" : stripped;
  }

  @Test
  void everyValidStringRoundTrips() {
    qt().withFixedSeed(20240601L)
        .withExamples(2_000)
        .forAll(validIds())
        .checkAssert(
            text -> {
              StreamId id = StreamId.of(text);
              assertEquals(text, id.value());
              assertEquals(id, new StreamId(id.toString()));
            });
  }

  @Test
  void everyStringWithAControlCharacterIsRejected() {
    Gen<Integer> controls = integers().between(0x00, 0x1F).mix(integers().between(0x7F, 0x9F));
    qt().withFixedSeed(77L)
        .withExamples(2_000)
        .forAll(validIds(), controls, integers().between(0, 250))
        .checkAssert(
            (valid, control, at) -> {
              int index = Math.min(at, valid.length());
              if (index > 0 && index < valid.length() && Character.isHighSurrogate(valid.charAt(index - 1))) {
                index--;
              }
              String text =
                  "a" + valid.substring(0, index) + (char) control.intValue() + valid.substring(index) + "a";
              IllegalArgumentException e =
                  assertThrows(IllegalArgumentException.class, () -> StreamId.of(text));
              assertTrue(e.getMessage().contains("control characters"), e.getMessage());
            });
  }

  @Test
  void acceptsExactlyTheStringsThatFollowTheRules() {
    int[] outcomes = new int[2]; // rejected, accepted
    qt().withFixedSeed(4242L)
        .withExamples(3_000)
        .forAll(strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, 300))
        .checkAssert(
            text -> {
              boolean accepted;
              try {
                StreamId.of(text);
                accepted = true;
              } catch (IllegalArgumentException e) {
                accepted = false;
              }
              assertEquals(followsTheRules(text), accepted, () -> "for " + escape(text));
              outcomes[accepted ? 1 : 0]++;
            });
    assertTrue(outcomes[0] > 100 && outcomes[1] > 100, "both outcomes exercised: " + outcomes[0] + "/" + outcomes[1]);
  }

  /** An independent statement of the rules in StreamId's javadoc. */
  private static boolean followsTheRules(String text) {
    if (text.isEmpty() || text.length() > 255) {
      return false;
    }
    if (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        if (Character.getType(text.codePointAt(i)) == Character.FORMAT) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().forEach(c -> out.append(String.format("\\u%04X", c)));
    return out.toString();
  }
}
