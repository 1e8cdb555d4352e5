package dev.eventcore.jackson;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The Jackson 3 codecs' package arrows: the public factory on the core's codec SPI, the Jackson
 * details in {@code internal}; no JDBC, no Jackson 2. The table is the design.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                       -> packages it may use
      dev.eventcore.jackson.internal  -> dev.eventcore dev.eventcore.serialization
      dev.eventcore.jackson           -> dev.eventcore dev.eventcore.serialization
                                         dev.eventcore.jackson.internal
      """)
      .forbidding("java.sql", "javax.sql", "com.fasterxml.jackson.databind", "org.postgresql");

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(JacksonCodec.class);
  }
}
