package dev.eventcore.cli;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The command line's package arrows: an operator's tool on the PostgreSQL adapter's public API.
 * The table is the design; a new arrow is a design change, made here first.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package            -> packages it may use
      dev.eventcore.cli    -> dev.eventcore dev.eventcore.postgres dev.eventcore.serialization
                              dev.eventcore.subscription dev.eventcore.projection
                              dev.eventcore.retention
      """);

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(EventcoreCli.class);
  }
}
