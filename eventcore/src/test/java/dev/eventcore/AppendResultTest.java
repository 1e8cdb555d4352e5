package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppendResultTest {

  private static final StreamId ORDER = StreamId.of("order-1");
  private static final StreamId STOCK = StreamId.of("stock-9");

  @Test
  void givesTheVersionOfEachStreamWritten() {
    AppendResult result =
        new AppendResult(
            Map.of(ORDER, Version.of(3), STOCK, Version.of(8)),
            GlobalPosition.of(10),
            GlobalPosition.of(12));
    assertEquals(Version.of(3), result.version(ORDER));
    assertEquals(Version.of(8), result.version(STOCK));
  }

  @Test
  void versionOfAStreamNotInTheAppendIsRejectedNamingItAndTheStreamsThatWere() {
    AppendResult result =
        new AppendResult(Map.of(ORDER, Version.of(3)), GlobalPosition.of(1), GlobalPosition.of(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> result.version(STOCK));
    assertTrue(e.getMessage().contains("stock-9"), e.getMessage());
    assertTrue(e.getMessage().contains("order-1"), e.getMessage());
    assertEquals(
        "stream",
        assertThrows(NullPointerException.class, () -> result.version(null)).getMessage());
  }

  @Test
  void nextExpectedVersionIsTheVersionOfTheOnlyStream() {
    AppendResult result =
        new AppendResult(Map.of(ORDER, Version.of(5)), GlobalPosition.of(1), GlobalPosition.of(2));
    assertEquals(Version.of(5), result.nextExpectedVersion());
  }

  @Test
  void nextExpectedVersionOfAMultiStreamAppendIsAnError() {
    AppendResult result =
        new AppendResult(
            Map.of(ORDER, Version.of(5), STOCK, Version.of(1)),
            GlobalPosition.of(1),
            GlobalPosition.of(2));
    IllegalStateException e = assertThrows(IllegalStateException.class, result::nextExpectedVersion);
    assertTrue(e.getMessage().contains("2 streams"), e.getMessage());
  }

  @Test
  void copiesTheVersionsKeepingTheirOrderAndMakesThemUnmodifiable() {
    Map<StreamId, Version> versions = new LinkedHashMap<>();
    versions.put(STOCK, Version.of(1));
    versions.put(ORDER, Version.of(2));
    AppendResult result = new AppendResult(versions, GlobalPosition.of(1), GlobalPosition.of(2));
    versions.put(StreamId.of("late"), Version.of(1));
    assertEquals(List.of(STOCK, ORDER), List.copyOf(result.versions().keySet()));
    assertThrows(
        UnsupportedOperationException.class, () -> result.versions().put(ORDER, Version.of(9)));
  }

  @Test
  void rejectsAnEmptyResultAndPositionsOutOfOrder() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new AppendResult(Map.of(), GlobalPosition.of(1), GlobalPosition.of(1)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new AppendResult(
                    Map.of(ORDER, Version.of(1)), GlobalPosition.of(5), GlobalPosition.of(4)));
    assertTrue(e.getMessage().contains("5"), e.getMessage());
  }

  @Test
  void rejectsNullsNamingTheArgument() {
    Map<StreamId, Version> versions = Map.of(ORDER, Version.of(1));
    GlobalPosition p = GlobalPosition.of(1);
    assertEquals(
        "versions",
        assertThrows(NullPointerException.class, () -> new AppendResult(null, p, p)).getMessage());
    assertEquals(
        "firstPosition",
        assertThrows(NullPointerException.class, () -> new AppendResult(versions, null, p))
            .getMessage());
    assertEquals(
        "lastPosition",
        assertThrows(NullPointerException.class, () -> new AppendResult(versions, p, null))
            .getMessage());
  }
}
