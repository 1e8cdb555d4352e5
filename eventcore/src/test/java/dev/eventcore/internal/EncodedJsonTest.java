package dev.eventcore.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.serialization.JsonLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodedJsonTest {
  private static final JsonLimits LIMITS = JsonLimits.defaults();

  private static void accepted(String json) {
    assertDoesNotThrow(() -> EncodedJson.check(json.getBytes(StandardCharsets.UTF_8), LIMITS),
        json);
  }

  private static void rejected(String json, String... parts) {
    rejected(json.getBytes(StandardCharsets.UTF_8), parts);
  }

  private static void rejected(byte[] json, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EncodedJson.check(json, LIMITS));
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: "
          + e.getMessage());
    }
  }

  @Test
  void acceptsWellFormedJsonOfEveryKind() {
    accepted("{\"a\":[1,-2.5e-10,0,0.0,1.25e2,true,false,null,\"x\\n\\u00e9\\ud83d\\ude00\"],"
        + "\"b\":{},\"c\":[]}");
    accepted(" \"caf\u00e9 \ud83d\ude00\" ");
    accepted("-1");
    accepted("{\"k\":\"" + "x".repeat(50_000) + "\"}");
  }

  @Test
  void rejectsNanAndInfinitiesNamingThePath() {
    rejected("{\"price\":NaN}", "NaN", "$.price");
    rejected("{\"a\":[1,Infinity]}", "$.a[1]");
    rejected("{\"a\":-Infinity}", "$.a");
  }

  @Test
  void rejectsAnEscapedNulAndUnpairedSurrogates() {
    rejected("{\"s\":\"a\\u0000b\"}", "NUL", "$.s");
    rejected("{\"s\":\"\\ud800\"}", "unpaired surrogate", "U+D800", "$.s");
    rejected("{\"s\":\"\\udc00\\ud800\"}", "U+DC00");
    rejected("[\"\\ud800x\"]", "$[0]");
  }

  @Test
  void rejectsBytesThatAreNotUtf8OrEncodeASurrogate() {
    rejected(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, "surrogate");
    rejected(new byte[] {'"', (byte) 0xff, '"'}, "not UTF-8");
    rejected(new byte[] {'"', (byte) 0xc3, '"'}, "not UTF-8");
    rejected(new byte[] {'"', (byte) 0xc0, (byte) 0x80, '"'}, "not UTF-8"); // overlong NUL
  }

  @Test
  void rejectsNegativeZeroInEveryForm() {
    for (String zero : new String[] {"-0", "-0.0", "-0e5", "-0.000E-3"}) {
      rejected("{\"x\":" + zero + "}", "negative zero", "$.x");
    }
    accepted("{\"x\":-0.001}");
  }

  @Test
  void rejectsWhatTheReaderWouldRefuse() {
    rejected("{\"n\":" + "9".repeat(1_001) + "}", "1001 digits", "at most 1000", "$.n");
    accepted("{\"n\":-" + "9".repeat(1_000) + "}");
    rejected("{\"" + "k".repeat(50_001) + "\":1}", "at most 50000", "$.<key>");
    rejected("{\"" + "\u4e2d".repeat(17_000) + "\":1}", "51000 bytes", "$.<key>");
    rejected("{\"" + "\\u00e9".repeat(25_001) + "\":1}", "50002 bytes", "$.<key>");
    rejected("{\"n\":1.5e-1000}", "1002 digits", "$.n");
    accepted("[4.9E-324,1.5e-3,1.25E1,0.5e0]");
    accepted("{\"n\":1." + "1".repeat(999) + "}");
    rejected("{\"n\":1." + "1".repeat(1_000) + "}", "1001 digits");
    rejected("[".repeat(501) + "]".repeat(501), "nests deeper than 500");
    accepted("[".repeat(500) + "]".repeat(500));
  }

  @Test
  void rejectsANumberInExponentFormThatPostgresWouldReturnWithoutItsScale() {
    rejected("{\"d\":1E+3}", "1E+3", "setScale(0)", "$.d");
    rejected("[1.0E300]", "$[0]");
    rejected("{\"n\":1E+1500}", "$.n");
  }

  @Test
  void rejectsJsonNullAsTheWholePayloadAndNamesABadKey() {
    rejected(" null", "JSON null");
    accepted("{\"a\":null}");
    rejected("{\"x\":{\"a\\u0000\":1}}", "$.x.<key>", "NUL");
  }

  @Test
  void rejectsAKeyTwiceInOneObjectWhichJsonbWouldDrop() {
    rejected("{\"m\":{\"1\":\"a\",\"1\":\"b\"}}", "key '1' twice", "$.m");
    accepted("{\"a\":{\"x\":1},\"b\":{\"x\":2},\"x\":{\"a\":3}}");
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      many.append("\"k").append(i).append("\":").append(i).append(',');
    }
    accepted(many.substring(0, many.length() - 1) + "}");
    rejected(many + "\"k3\":0}", "key 'k3' twice");
    rejected(many + "\"z\":{\"q\":1,\"q\":2}}", "key 'q' twice", "$.z");
  }

  @Test
  void rejectsMalformedJson() {
    for (String bad : new String[] {"", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"open", "01x",
        "tru", "{\"a\":1} x", "\"\t\"", "\"\\x\"", "1.", "1e"}) {
      rejected(bad, "not valid JSON");
    }
  }
}
