package dev.eventcore.opentelemetry;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry module's package arrows: it sees the core through the observer SPI (and tells
 * a command rejection from a failure), and knows no adapter.
 * The table is the design; a new arrow is a design change, made here first.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                    -> packages it may use
      dev.eventcore.opentelemetry  -> dev.eventcore dev.eventcore.observe dev.eventcore.command
      """);

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(OpenTelemetryObserver.class);
  }
}
