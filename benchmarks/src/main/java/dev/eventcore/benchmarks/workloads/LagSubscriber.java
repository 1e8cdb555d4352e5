package dev.eventcore.benchmarks.workloads;

import dev.eventcore.GlobalPosition;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.postgres.PostgresEventStore;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * W9's other process: subscribes to a PostgreSQL store from a position and prints one line per
 * delivered event ({@code position micros}, wall clock at delivery) until its standard input
 * closes. Prints {@code ready} once subscribed. Not a public entry point of the suite.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.eventcore.benchmarks.workloads.LagSubscriber
 * <jdbcUrl> <schema> <afterPosition>}
 */
public final class LagSubscriber {
  /** The line printed once the subscription is open. */
  static final String READY = "ready";

  private LagSubscriber() {}

  /** Runs the subscriber; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: LagSubscriber <jdbcUrl> <schema> <afterPosition>");
    }
    PrintStream out = new PrintStream(new BufferedOutputStream(
        new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.UTF_8);
    try (PostgresEventStore store = PostgresEventStore.builder().jdbcUrl(args[0]).schema(args[1])
        .eventTypes(Payloads.TYPES).migrate(false).maxPoolSize(3).build()) {
      var subscription = store.subscribe(GlobalPosition.of(Long.parseLong(args[2])), event -> {
        long micros = LagLog.nowMicros();
        synchronized (out) {
          out.println(LagLog.line(event.position().value(), micros));
          out.flush();
        }
      });
      synchronized (out) {
        out.println(READY);
        out.flush();
      }
      while (System.in.read() != -1) {
        // the parent closes our standard input when it has every delivery it waited for
      }
      subscription.close();
    }
    out.flush();
  }
}
