package dev.eventcore.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report as aligned text and as JSON. */
class HealthRenderingTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private static Health report() {
    Health store = Health.up("store", T0).withDetail("latencyMillis", 2);
    Health orders = Health.degraded("order-totals", T0, "1500 events behind")
        .withDetail("lagEvents", 1500).withDetail("rate", 12.5).withDetail("paused", false);
    Health projections = Health.group("projections", T0, List.of(orders));
    return Health.group("eventcore", T0, List.of(store, projections));
  }

  @Test
  void textAlignsNamesStatusesAndDetailsAndQuotesTextWithSpaces() {
    assertEquals(""
        + "eventcore         DEGRADED  checkedAt=2030-01-01T00:00:00Z\n"
        + "  store           UP        latencyMillis=2\n"
        + "  projections     DEGRADED\n"
        + "    order-totals  DEGRADED  reason=\"1500 events behind\" lagEvents=1500 rate=12.5"
        + " paused=false\n", report().toText());
  }

  @Test
  void jsonHoldsTheWholeTreeWithTypedValues() {
    assertEquals("{\"component\":\"eventcore\",\"status\":\"DEGRADED\","
        + "\"checkedAt\":\"2030-01-01T00:00:00Z\",\"details\":{},\"components\":["
        + "{\"component\":\"store\",\"status\":\"UP\",\"checkedAt\":\"2030-01-01T00:00:00Z\","
        + "\"details\":{\"latencyMillis\":2},\"components\":[]},"
        + "{\"component\":\"projections\",\"status\":\"DEGRADED\","
        + "\"checkedAt\":\"2030-01-01T00:00:00Z\",\"details\":{},\"components\":["
        + "{\"component\":\"order-totals\",\"status\":\"DEGRADED\","
        + "\"checkedAt\":\"2030-01-01T00:00:00Z\",\"details\":{\"reason\":\"1500 events behind\","
        + "\"lagEvents\":1500,\"rate\":12.5,\"paused\":false},\"components\":[]}]}]}",
        report().toJson());
  }

  @Test
  void stringsAreEscapedInJsonAndInText() {
    Health odd = Health.down("q\"x", T0, "line1\nline2\t\\ \u0001 \u2028")
        .withDetail("empty", "").withDetail("plain", "a=b");
    assertEquals("{\"component\":\"q\\\"x\",\"status\":\"DOWN\","
        + "\"checkedAt\":\"2030-01-01T00:00:00Z\",\"details\":{"
        + "\"reason\":\"line1\\nline2\\t\\\\ \\u0001 \\u2028\",\"empty\":\"\",\"plain\":\"a=b\"},"
        + "\"components\":[]}", odd.toJson());
    assertEquals("q\"x  DOWN      checkedAt=2030-01-01T00:00:00Z"
        + " reason=\"line1\\nline2\\t\\\\ \\u0001 \\u2028\" empty=\"\" plain=\"a=b\"\n",
        odd.toText());
  }

  @Test
  void textQuotesAValueWithAnyOneCharacterThatWouldSplitOrEscapeIt() {
    Health health = Health.up("c", T0).withDetail("space", "a b").withDetail("quote", "a\"b")
        .withDetail("equals", "a=b").withDetail("slash", "a\\b").withDetail("del", "a\u007Fb")
        .withDetail("bang", "!").withDetail("plain", "a.b");
    assertEquals("c  UP        checkedAt=2030-01-01T00:00:00Z space=\"a b\" quote=\"a\\\"b\""
        + " equals=\"a=b\" slash=\"a\\\\b\" del=\"a\\u007fb\" bang=! plain=a.b\n",
        health.toText());
  }
}
