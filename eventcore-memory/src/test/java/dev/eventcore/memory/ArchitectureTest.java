package dev.eventcore.memory;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The in-memory adapter's package arrows: an adapter sits on the core's SPI and uses no JDBC and
 * no Jackson.
 * The table is the design; a new arrow is a design change, made here first.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                      -> packages it may use
      dev.eventcore.memory           -> dev.eventcore dev.eventcore.spi dev.eventcore.internal
                                        dev.eventcore.serialization dev.eventcore.observe
                                        dev.eventcore.snapshot dev.eventcore.projection
                                        dev.eventcore.health dev.eventcore.dcb
      """)
      .forbidding("java.sql", "javax.sql", "tools.jackson", "com.fasterxml", "org.postgresql");

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(InMemoryEventStore.class);
  }
}
