package dev.eventcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Runs the CLI in-process and checks what it printed and returned. */
abstract class CliTestBase {

  /** What one run printed and returned. */
  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /** The options that point the CLI at the test's store, appended to every command line. */
  abstract String[] connection();

  Result run(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(Arrays.asList(connection()));
    return runExactly(all.toArray(String[]::new));
  }

  static Result runExactly(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = EventcoreCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs, expecting success and nothing on stderr. */
  Result ok(String... args) {
    Result result = run(args);
    assertEquals(0, result.code(), () -> String.join(" ", args) + ": " + result);
    assertEquals("", result.err(), () -> String.join(" ", args) + ": " + result);
    return result;
  }

  /** Runs, expecting {@code code}, no stdout and one line on stderr containing {@code what}. */
  void failsWith(int code, String what, String... args) {
    assertOneLineFailure(code, what, run(args));
  }

  static void assertOneLineFailure(int code, String what, Result result) {
    assertEquals(code, result.code(), result::toString);
    assertEquals("", result.out(), result::toString);
    assertEquals(1, result.err().lines().count(), result::toString);
    assertTrue(result.err().startsWith("eventcore: "), result::toString);
    assertTrue(result.err().contains(what), result::toString);
  }

  static JsonNode json(Result result) {
    return Output.tree(result.out());
  }
}
