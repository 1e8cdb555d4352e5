package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedVersionTest {

  private static final List<Version> SAMPLES =
      List.of(Version.NONE, Version.of(1), Version.of(2), Version.of(1_000), Version.of(Long.MAX_VALUE));

  @Test
  void theFactoriesReturnTheMatchingKinds() {
    assertTrue(ExpectedVersion.any() instanceof ExpectedVersion.Any);
    assertTrue(ExpectedVersion.noStream() instanceof ExpectedVersion.NoStream);
    assertTrue(ExpectedVersion.streamExists() instanceof ExpectedVersion.StreamExists);
    assertEquals(
        new ExpectedVersion.Exactly(Version.of(3)), ExpectedVersion.exactly(Version.of(3)));
    assertSame(ExpectedVersion.any(), ExpectedVersion.any());
    assertSame(ExpectedVersion.noStream(), ExpectedVersion.noStream());
    assertSame(ExpectedVersion.streamExists(), ExpectedVersion.streamExists());
  }

  @Test
  void anyIsSatisfiedByEveryVersion() {
    for (Version actual : SAMPLES) {
      assertTrue(ExpectedVersion.any().isSatisfiedBy(actual), actual::toString);
    }
  }

  @Test
  void noStreamIsSatisfiedOnlyByNone() {
    for (Version actual : SAMPLES) {
      assertEquals(
          actual.equals(Version.NONE),
          ExpectedVersion.noStream().isSatisfiedBy(actual),
          actual::toString);
    }
  }

  @Test
  void streamExistsIsSatisfiedByEveryVersionButNone() {
    for (Version actual : SAMPLES) {
      assertEquals(
          actual.value() > 0,
          ExpectedVersion.streamExists().isSatisfiedBy(actual),
          actual::toString);
    }
  }

  @Test
  void exactlyIsSatisfiedOnlyByThatVersion() {
    for (Version expected : SAMPLES) {
      for (Version actual : SAMPLES) {
        assertEquals(
            expected.equals(actual),
            ExpectedVersion.exactly(expected).isSatisfiedBy(actual),
            () -> expected + " vs " + actual);
      }
    }
  }

  @Test
  void exactlyNoneIsTheSameCheckAsNoStream() {
    for (Version actual : SAMPLES) {
      assertEquals(
          ExpectedVersion.noStream().isSatisfiedBy(actual),
          ExpectedVersion.exactly(Version.NONE).isSatisfiedBy(actual));
    }
  }

  @Test
  void exactlyRejectsANullVersionNamingIt() {
    assertEquals(
        "version",
        assertThrows(NullPointerException.class, () -> ExpectedVersion.exactly(null)).getMessage());
  }

  @Test
  void everyKindRejectsANullActualVersionNamingIt() {
    for (ExpectedVersion expected :
        List.of(
            ExpectedVersion.any(),
            ExpectedVersion.noStream(),
            ExpectedVersion.streamExists(),
            ExpectedVersion.exactly(Version.of(1)))) {
      NullPointerException e =
          assertThrows(NullPointerException.class, () -> expected.isSatisfiedBy(null), expected::toString);
      assertEquals("actual", e.getMessage(), expected::toString);
    }
  }

  @Test
  void printsReadably() {
    assertEquals("any", ExpectedVersion.any().toString());
    assertEquals("no stream", ExpectedVersion.noStream().toString());
    assertEquals("stream exists", ExpectedVersion.streamExists().toString());
    assertEquals("exactly 4", ExpectedVersion.exactly(Version.of(4)).toString());
  }

  @Test
  void equalExpectationsAreEqual() {
    assertEquals(ExpectedVersion.exactly(Version.of(9)), ExpectedVersion.exactly(Version.of(9)));
    assertFalse(ExpectedVersion.exactly(Version.of(9)).equals(ExpectedVersion.exactly(Version.of(8))));
  }
}
