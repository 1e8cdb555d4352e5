package dev.eventcore.postgres;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL adapter's package arrows: it sits on the core's SPI and implements the stores
 * the core declares; nothing of the core depends on it.
 * The table is the design; a new arrow is a design change, made here first.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package               -> packages it may use
      dev.eventcore.postgres  -> dev.eventcore dev.eventcore.spi dev.eventcore.internal
                                 dev.eventcore.serialization dev.eventcore.subscription
                                 dev.eventcore.observe dev.eventcore.snapshot
                                 dev.eventcore.projection dev.eventcore.health
                                 dev.eventcore.jackson dev.eventcore.shredding dev.eventcore.dcb
      """);

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(PostgresEventStore.class);
  }
}
