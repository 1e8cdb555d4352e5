package dev.eventcore.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command takes: where the store is, and how to print. */
final class Common {
  @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = "${env:EVENTCORE_JDBC_URL}",
      description = "The PostgreSQL JDBC URL, user and password included"
          + " (default: $EVENTCORE_JDBC_URL).")
  String jdbcUrl = "";

  @Option(names = "--schema", paramLabel = "NAME", defaultValue = "eventcore",
      description = "The store's schema (default: ${DEFAULT-VALUE}, as the store builder's).")
  String schema = "eventcore";

  @Option(names = "--json", description = "Print JSON for scripts instead of aligned tables.")
  boolean json;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** Connects to the store; see {@link Session#open}. */
  Session open() {
    return Session.open(jdbcUrl == null ? "" : jdbcUrl, schema);
  }

  /** Where the command prints. */
  Output output() {
    return new Output(spec.commandLine().getOut(), json);
  }
}
