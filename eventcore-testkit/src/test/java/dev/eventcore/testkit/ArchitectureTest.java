package dev.eventcore.testkit;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The testing kit's package arrows: fixtures on the public API and the in-memory store, the
 * contract suite on the port; no JDBC, no Jackson. The table is the design; a new arrow is a
 * design change, made here first.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                      -> packages it may use
      dev.eventcore.testkit          -> dev.eventcore dev.eventcore.memory dev.eventcore.command
                                        dev.eventcore.retry dev.eventcore.saga
                                        dev.eventcore.subscription dev.eventcore.serialization
                                        dev.eventcore.jackson dev.eventcore.dcb
      dev.eventcore.testkit.contract -> dev.eventcore dev.eventcore.testkit dev.eventcore.spi
                                        dev.eventcore.serialization dev.eventcore.subscription
                                        dev.eventcore.snapshot dev.eventcore.projection
                                        dev.eventcore.retry dev.eventcore.health dev.eventcore.dcb
                                        dev.eventcore.observe
      """)
      .forbidding("java.sql", "javax.sql", "tools.jackson", "com.fasterxml", "org.postgresql");

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(CommandFixture.class);
  }
}
