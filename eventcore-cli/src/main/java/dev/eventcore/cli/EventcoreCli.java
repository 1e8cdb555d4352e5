package dev.eventcore.cli;

import dev.eventcore.EventcoreException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The admin CLI of a PostgreSQL event store, run beside the application (another process):
 *
 * <pre>
 * java -jar eventcore-cli/target/eventcore-cli.jar streams --jdbc-url URL [--schema NAME]
 * java -jar eventcore-cli/target/eventcore-cli.jar projection pause order-totals --jdbc-url URL
 * </pre>
 *
 * <p>Every command takes {@code --jdbc-url} (default {@code $EVENTCORE_JDBC_URL}), {@code
 * --schema} (default {@code eventcore}) and {@code --json}. Exit codes: 0 done, 1 failed (one
 * line on stderr says what was wrong: the server unreachable, no store in the schema, an unknown
 * stream or projection, a degraded {@code health}), 2 a bad command line (one line on stderr).
 *
 * @since 0.1.0
 */
@Command(name = "eventcore", mixinStandardHelpOptions = true, version = "eventcore-cli 0.1.0",
    description = "Inspect and operate an eventcore PostgreSQL store.",
    subcommands = {StreamsCommand.class, StreamCommand.class, TailCommand.class,
        ProjectionsCommand.class, ProjectionCommand.class, DeadLettersCommand.class,
        HorizonCommand.class, HealthCommand.class, ArchiveCommand.class,
        RegisterTenantCommand.class})
public final class EventcoreCli implements Callable<Integer> {
  /** Exit code of a command that failed. */
  public static final int FAILED = 1;

  /** Exit code of a command line that could not be parsed. */
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  private EventcoreCli() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // stderr is for the one-line failure; the library's logs would interleave with it
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
    }
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs {@code args}, printing to {@code out} and {@code err}, and returns the exit code: what
   * {@link #main} does, in-process (for tests and embedding).
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new EventcoreCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, ignored) -> {
      CommandLine failed = e.getCommandLine();
      err.println("eventcore: " + oneLine(e.getMessage()) + " (see '"
          + failed.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return USAGE;
    });
    cli.setExecutionExceptionHandler((e, failed, parsed) -> {
      err.println("eventcore: " + message(e));
      err.flush();
      return FAILED;
    });
    return cli.execute(args);
  }

  /** Without a command: says which there are, as a bad command line. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("eventcore: a command is required: streams, stream, tail,"
        + " projections, projection, dead-letters, horizon, health or archive (see 'eventcore"
        + " --help')");
    spec.commandLine().getErr().flush();
    return USAGE;
  }

  /** What went wrong, on one line: the message, the failure's own words for what it names. */
  static String message(Throwable e) {
    String text = e.getMessage();
    if (text == null || text.isBlank()) {
      text = e.getClass().getSimpleName();
    }
    if (e instanceof EventcoreException) {
      text = text + (e.getCause() != null ? " (" + Session.rootMessage(e) + ")" : "");
    }
    return oneLine(text);
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
