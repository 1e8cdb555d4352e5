package dev.eventcore.memory;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The in-memory adapter's package arrows (and the testing kit's, while it lives here): an adapter
 * sits on the core's SPI and uses no JDBC and no Jackson.
 * The table is the design; a new arrow is a design change, made here first.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                      -> packages it may use
      dev.eventcore.memory           -> dev.eventcore dev.eventcore.spi dev.eventcore.internal
                                        dev.eventcore.serialization dev.eventcore.observe
                                        dev.eventcore.snapshot dev.eventcore.projection
                                        dev.eventcore.health
      dev.eventcore.testkit          -> dev.eventcore dev.eventcore.memory dev.eventcore.command
                                        dev.eventcore.retry dev.eventcore.saga
                                        dev.eventcore.subscription
      dev.eventcore.testkit.contract -> dev.eventcore dev.eventcore.testkit dev.eventcore.spi
                                        dev.eventcore.serialization dev.eventcore.subscription
                                        dev.eventcore.snapshot dev.eventcore.projection
                                        dev.eventcore.retry dev.eventcore.health
      """)
      .forbidding("java.sql", "javax.sql", "tools.jackson", "com.fasterxml", "org.postgresql");

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(InMemoryEventStore.class);
  }
}
