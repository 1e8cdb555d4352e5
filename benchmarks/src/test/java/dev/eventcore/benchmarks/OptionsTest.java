package dev.eventcore.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void noArgumentsMeanTheQuickProfileOnTheLocalServerWithEveryWorkload() {
    Options options = Options.parse();
    assertEquals("quick", options.profile());
    assertEquals(Options.DEFAULT_URL, options.jdbcUrl());
    assertEquals("postgres", options.store());
    assertTrue(options.selects("W1"));
    assertEquals(Optional.empty(), options.out());
    assertEquals(OptionalLong.empty(), options.growthEvents());
  }

  @Test
  void everyOptionIsParsed() {
    Options options = Options.parse("full", "--jdbc-url", "jdbc:postgresql://db:5432/x?user=u",
        "--only", "w1, W3,", "--store", "memory", "--out", "/tmp/r", "--growth", "1_000_000");
    assertEquals("full", options.profile());
    assertEquals("jdbc:postgresql://db:5432/x?user=u", options.jdbcUrl());
    assertEquals(Set.of("W1", "W3"), options.only());
    assertEquals("memory", options.store());
    assertEquals(Optional.of(Path.of("/tmp/r")), options.out());
    assertEquals(OptionalLong.of(1_000_000), options.growthEvents());
  }

  @Test
  void onlySelectsTheNamedWorkloadsWhateverTheirCase() {
    Options options = Options.parse("--only", "P,W12");
    assertTrue(options.selects("w12"));
    assertTrue(options.selects("P"));
    assertFalse(options.selects("W1"));
  }

  @Test
  void badArgumentsAreRejectedWithTheirName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("fast"))
        .getMessage().contains("'fast'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("--only"))
        .getMessage().contains("--only needs a value"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("--only", ","))
        .getMessage().contains("at least one"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("--store", "mysql"))
        .getMessage().contains("postgres or memory"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Options.parse("--jdbc-url", "jdbc:mysql://x")).getMessage().contains("jdbc:postgresql:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Options.parse("--jdbc-url", "--only")).getMessage().contains("needs a value"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Options.parse("--growth", "many")).getMessage().contains("number of events"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Options.parse("--growth", "99999")).getMessage().contains("at least 100,000"));
  }
}
