package dev.eventcore.benchmarks;

import java.util.Arrays;

/** The suite's entry point: {@code java -jar benchmarks.jar [quick|full] [options]}. */
public final class Main {
  private Main() {}

  /**
   * Runs the suite; exits 2 on bad arguments, 1 if the suite could not run. Missed targets do not
   * change the exit code: this is a benchmark, not a test.
   */
  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(Options.USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    System.exit(new Suite(options).run());
  }
}
