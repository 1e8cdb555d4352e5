package dev.eventcore.micrometer;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer module's package arrows: it sees the core through the observer SPI (and reads
 * projection lag), and knows no adapter.
 * The table is the design; a new arrow is a design change, made here first.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                 -> packages it may use
      dev.eventcore.micrometer  -> dev.eventcore dev.eventcore.observe dev.eventcore.projection
      """);

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(MicrometerObserver.class);
  }
}
