package dev.eventcore.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArrowsTest {
  private static final Arrows TABLE = Arrows.table("a", """
      a        -> a.util          # the model
      a.Port   -> a.sub           # a contract fixes this one
      a.sub    -> a
      a.util   -> -
      a.app    -> a a.sub
                  a.util
      """);

  @Test
  void usesTheTableAllowsPassAndAPackageMayUseItself() {
    assertEquals(List.of(), TABLE.offences(Map.of(
        "a.Id", Set.of("a.util.Text", "a.Other", "java.util.List"),
        "a.app.Runner", Set.of("a.Id", "a.sub.Handler", "a.util.Text"),
        "a.util.Text", Set.of("java.lang.String"))));
  }

  @Test
  void aUseMissingFromTheTableIsNamedWithTheClassesInvolved() {
    List<String> offences = TABLE.offences(Map.of("a.util.Text", Set.of("a.Id")));
    assertEquals(List.of("a.util -> a is not in the table (Text uses Id)"), offences);
  }

  @Test
  void aClassRowGrantsOnlyThatClassAndItsNestedClasses() {
    assertEquals(List.of(), TABLE.offences(Map.of(
        "a.Port", Set.of("a.sub.Handler"), "a.Port$1", Set.of("a.sub.Handler"))));
    assertEquals(List.of("a -> a.sub is not in the table (Id uses Handler)"),
        TABLE.offences(Map.of("a.Id", Set.of("a.sub.Handler"))));
  }

  @Test
  void aPackageWithoutARowIsReported() {
    assertEquals(List.of("a.extra has no row in the table: add one with the packages it may use"),
        TABLE.offences(Map.of("a.extra.Thing", Set.of("a.Id"))));
  }

  @Test
  void aCycleInTheTableIsReportedEvenWhenNoClassUsesIt() {
    Arrows cyclic = Arrows.table("a", """
        a     -> a.b
        a.b   -> a.c
        a.c   -> a
        """);
    List<String> offences = cyclic.offences(Map.of());
    assertEquals(1, offences.size(), offences::toString);
    assertTrue(offences.get(0).startsWith("the table has a cycle: a -> a.b -> a.c -> a"),
        offences.get(0));
  }

  @Test
  void forbiddenAndUnlistedExternalPackagesAreReported() {
    Arrows strict = TABLE.onlyExternal("java.", "org.slf4j").forbidding("java.sql");
    List<String> offences = strict.offences(Map.of(
        "a.Id", Set.of("java.sql.Connection", "tools.jackson.databind.ObjectMapper",
            "org.slf4j.Logger", "java.util.List")));
    assertEquals(List.of("a must not use java.sql (forbidden here) (Id uses Connection)",
        "a must not use tools.jackson.databind (outside the allowed [java., org.slf4j])"
            + " (Id uses ObjectMapper)"), offences);
  }

  @Test
  void malformedTablesAreRejectedWithTheRow() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Arrows.table("a", "a.b a.c\n"));
    assertTrue(e.getMessage().contains("'a.b a.c'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Arrows.table("a", "a -> b.c\n"));
    assertTrue(e.getMessage().contains("'b.c' is not under a"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Arrows.table("a", "a -> -\na -> -\n"));
    assertTrue(e.getMessage().contains("a has two rows"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Arrows.table("a", "   a.b\n"));
    assertTrue(e.getMessage().contains("continuation line before any row"), e.getMessage());
  }

  @Test
  void theClassFileReaderSeesCallsSignaturesAndGenericArguments() throws IOException {
    Set<String> uses;
    try (InputStream in = Arrows.class.getResourceAsStream("Arrows.class")) {
      uses = ClassReferences.of(in.readAllBytes());
    }
    assertTrue(uses.contains("dev.eventcore.build.ClassReferences"), uses::toString); // a call
    assertTrue(uses.contains("java.nio.file.Path"), uses::toString); // a local and a call
    assertTrue(uses.contains("java.util.Map"), uses::toString); // a field's generic type
    assertTrue(!uses.contains("dev.eventcore.build.Arrows"), "leaves itself out");
  }

  @Test
  void checkScansTheModulesOwnClassesDirectory() {
    Arrows.table("dev.eventcore.build", "dev.eventcore.build -> -\n")
        .onlyExternal("java.").check(Arrows.class);
    AssertionError e = assertThrows(AssertionError.class,
        () -> Arrows.table("dev.eventcore.build", "dev.eventcore.build -> -\n")
            .forbidding("java.nio").check(Arrows.class));
    assertTrue(e.getMessage().contains("dev.eventcore.build must not use java.nio.file"),
        e.getMessage());
  }
}
