package dev.eventcore.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.jackson.internal.AnnotationsCheck;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A missing or too-old jackson-annotations is reported with the version found and needed. */
class AnnotationsCheckTest {

  @Test
  void eachJackson3MinorNeedsTheAnnotationsReleasedWithIt() {
    assertEquals("2.20", AnnotationsCheck.needed(0));
    assertEquals("2.21", AnnotationsCheck.needed(1));
    assertEquals("2.22", AnnotationsCheck.needed(2));
  }

  @Test
  void aRecentEnoughVersionPasses() {
    for (String found : new String[] {"2.22", "2.22.0", "2.23", "2.30.1", "3.0"}) {
      assertEquals(Optional.empty(), AnnotationsCheck.problem(found, 2, "3.2.4"), found);
    }
  }

  @Test
  void anOlderVersionIsNamedWithTheVersionNeeded() {
    for (String found : new String[] {"2.21", "2.20", "2.17.2", "2.9.10"}) {
      String problem = AnnotationsCheck.problem(found, 2, "3.2.4").orElseThrow();
      assertTrue(problem.contains("the class path has " + found), problem);
      assertTrue(problem.contains("jackson-annotations 2.22 or later"), problem);
      assertTrue(problem.contains("Jackson 3.2.4"), problem);
    }
  }

  @Test
  void aMissingOrUnreadableJarIsReported() {
    assertTrue(AnnotationsCheck.problem("absent", 2, "3.2.4").orElseThrow()
        .contains("there is none on the class path"));
    assertTrue(AnnotationsCheck.problem("unknown", 2, "3.2.4").orElseThrow()
        .contains("without its types"));
  }

  @Test
  void theClassPathOfTheseTestsPasses() {
    AnnotationsCheck.require();
    assertTrue(JacksonCodec.json() != null);
  }
}
