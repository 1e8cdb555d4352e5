package dev.eventcore.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.Metadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * An observer that throws is ignored, the others still hear everything, and an operator is told:
 * the first failure of a store's observers is logged as a warning naming the observer and the
 * call, later ones at debug level only (the test's logger prints warnings to standard error).
 */
@Isolated
class ObserverFailureTest {
  private static final Pattern WARNING =
      Pattern.compile("observer (\\S+) failed in (\\S+); ignored");

  /** Throws from every call it is asked to fail in. */
  private record Failing(String name, String failIn) implements Observer {
    @Override
    public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
      fail("appended");
    }

    @Override
    public Metadata appendMetadata() {
      fail("appendMetadata");
      return Metadata.empty();
    }

    @Override
    public Scope start(WorkKind kind, String name, Metadata cause) {
      fail("start");
      if (failIn.equals("start null")) {
        return null;
      }
      return new Scope() {
        @Override
        public void failed(Throwable error) {
          fail("Scope.failed");
        }

        @Override
        public void close() {
          fail("Scope.close");
        }
      };
    }

    private void fail(String call) {
      if (failIn.equals(call)) {
        throw new IllegalStateException(name + " broke in " + call);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Counts what it hears. */
  private static final class Counting implements Observer {
    final List<String> heard = new ArrayList<>();

    @Override
    public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
      heard.add("appended");
    }

    @Override
    public Metadata appendMetadata() {
      heard.add("appendMetadata");
      return Metadata.empty().with("k", "v");
    }
  }

  private static final List<Consumer<Observer>> CALLS = List.of(
      o -> o.appended(AppendOutcome.OK, 1, 1, 5),
      o -> o.appendMetadata(),
      o -> {
        try (Observer.Scope scope = o.start(WorkKind.COMMAND, "c", Metadata.empty())) {
          scope.failed(new IllegalStateException("the work failed"));
        }
      });

  /** The warnings printed while {@code calls} run twice on a fresh pair of observers. */
  private static List<String> warnings(String failIn) {
    PrintStream err = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Counting counting = new Counting();
    String name = "broken-" + failIn.replace(' ', '-');
    Observer both = Observer.of(new Failing(name, failIn), counting);
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      for (int round = 0; round < 2; round++) {
        CALLS.forEach(call -> call.accept(both));
      }
    } finally {
      System.setErr(err);
    }
    assertEquals(List.of("appended", "appendMetadata", "appended", "appendMetadata"),
        counting.heard, "the other observer hears every call");
    List<String> warnings = new ArrayList<>();
    Matcher m = WARNING.matcher(out.toString(StandardCharsets.UTF_8));
    while (m.find()) {
      warnings.add(m.group(1) + " " + m.group(2));
    }
    return warnings;
  }

  @Test
  void theFirstFailureOfEachKindOfCallIsWarnedOnceNamingObserverAndCall() {
    assertEquals(List.of("broken-appended appended"), warnings("appended"));
    assertEquals(List.of("broken-appendMetadata appendMetadata"), warnings("appendMetadata"));
    assertEquals(List.of("broken-start start"), warnings("start"));
    assertEquals(List.of("broken-start-null start"), warnings("start null"));
    assertEquals(List.of("broken-Scope.failed Scope.failed"), warnings("Scope.failed"));
    assertEquals(List.of("broken-Scope.close Scope.close"), warnings("Scope.close"));
  }

  @Test
  void theFirstFailureInAnyOtherCallIsWarnedToo() {
    for (Map.Entry<String, Consumer<Observer>> call : ObserversTest.CALLS.entrySet()) {
      PrintStream err = System.err;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<String> heard = new ArrayList<>();
      Observer both = Observer.of(new ObserversTest.Recording(new ArrayList<>(), true),
          new ObserversTest.Recording(heard, false));
      System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        call.getValue().accept(both);
        call.getValue().accept(both);
      } finally {
        System.setErr(err);
      }
      assertEquals(2, heard.size(), call.getKey());
      List<String> warnings = new ArrayList<>();
      Matcher m = WARNING.matcher(out.toString(StandardCharsets.UTF_8));
      while (m.find()) {
        warnings.add(m.group(1) + " " + m.group(2));
      }
      assertEquals(List.of("throwing " + call.getKey()), warnings);
    }
  }
}
