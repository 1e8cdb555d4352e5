package dev.eventcore.examples.demo;

import dev.eventcore.EventStore;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.postgres.PostgresEventStore;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The runnable demo, the README's first command: a shop on eventcore. It places a few hundred
 * orders; the fulfillment saga reserves stock, charges a simulated payment gateway (some payments
 * declined, some answers lost), ships and delivers, or compensates; four read models follow it
 * live. It prints progress, then a summary.
 *
 * <pre>
 * java -jar eventcore-examples/target/eventcore-demo.jar                     # in memory
 * java -jar eventcore-examples/target/eventcore-demo.jar --orders 1000
 * java -jar eventcore-examples/target/eventcore-demo.jar --jdbc-url URL      # PostgreSQL
 * java -jar eventcore-examples/target/eventcore-demo.jar --jdbc-url URL --reset
 * </pre>
 *
 * <p>On PostgreSQL a second run starts by rebuilding the read models from the stored events and
 * resuming unfinished sagas: the state survives the process.
 */
public final class Demo {
  /** The PostgreSQL schema the demo uses. */
  static final String SCHEMA = "eventcore_demo";

  private Demo() {}

  /** Runs the demo; see the class comment for the arguments. */
  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the output is the demo
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    try (EventStore store = open(options, System.out)) {
      new DemoRun(store, options, System.out).run();
    } catch (SQLException e) {
      System.err.println("demo: cannot reset schema " + SCHEMA + ": " + e.getMessage());
      System.exit(1);
    }
  }

  private static EventStore open(DemoOptions options, PrintStream out) throws SQLException {
    if (options.jdbcUrl().isEmpty()) {
      out.println("Store: in memory (pass --jdbc-url to use PostgreSQL)");
      return new InMemoryEventStore(FulfillmentDispatcher.eventTypes());
    }
    String url = options.jdbcUrl().get();
    if (options.reset()) {
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      }
      out.println("Reset: dropped schema " + SCHEMA);
    }
    out.println("Store: PostgreSQL " + url.replaceAll("password=[^&]*", "password=***")
        + ", schema " + SCHEMA);
    return PostgresEventStore.builder()
        .jdbcUrl(url)
        .schema(SCHEMA)
        .eventTypes(FulfillmentDispatcher.eventTypes())
        .build();
  }
}
