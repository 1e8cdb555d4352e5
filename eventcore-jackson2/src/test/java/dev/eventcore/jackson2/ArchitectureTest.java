package dev.eventcore.jackson2;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The Jackson 2 codec's package arrows: the public factory on the core's codec SPI, the Jackson
 * details in {@code internal}; no JDBC, no Jackson 3. The table is the design.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                        -> packages it may use
      dev.eventcore.jackson2.internal  -> dev.eventcore dev.eventcore.serialization
      dev.eventcore.jackson2           -> dev.eventcore dev.eventcore.serialization
                                          dev.eventcore.jackson2.internal
      """)
      .forbidding("java.sql", "javax.sql", "tools.jackson", "org.postgresql");

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(Jackson2Codec.class);
  }
}
