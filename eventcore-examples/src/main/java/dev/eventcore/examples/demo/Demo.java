package dev.eventcore.examples.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.EventStore;
import dev.eventcore.StoreLimits;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.examples.pipeline.CountedDataSource;
import dev.eventcore.examples.pipeline.PipelineModels;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.postgres.PostgresEventStore;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;

/**
 * The runnable demo, the README's first command: a shop on eventcore. It places a few hundred
 * orders; the fulfillment saga reserves stock, charges a simulated payment gateway (some payments
 * declined, some answers lost), ships and delivers, or compensates; four read models follow it
 * live. It prints progress, then a summary: orders/s and events/s end to end and, on PostgreSQL,
 * statements and transactions per order.
 *
 * <pre>
 * java -jar eventcore-examples/target/eventcore-demo.jar                     # in memory
 * java -jar eventcore-examples/target/eventcore-demo.jar --orders 10000
 * java -jar eventcore-examples/target/eventcore-demo.jar --jdbc-url URL      # PostgreSQL
 * java -jar eventcore-examples/target/eventcore-demo.jar --jdbc-url URL --reset
 * </pre>
 *
 * <p>In memory (the default) nothing is stored. On PostgreSQL the events, the checkpoints and the
 * read-model tables live in schema {@value #SCHEMA}: a second run resumes the tables from their
 * checkpoints, checks them against a fresh replay of the stored events and resumes unfinished
 * sagas (the state survives the process); {@code --reset} drops the schema first.
 */
public final class Demo {
  /** The PostgreSQL schema the demo uses. */
  static final String SCHEMA = "eventcore_demo";

  private Demo() {}

  /** Runs the demo; see the class comment for the arguments. */
  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the output is the demo
      // payment answers lost on purpose are retried by the saga and counted in the summary
      System.setProperty("org.slf4j.simpleLogger.log.dev.eventcore.saga.InstanceWork", "error");
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
    if (options.jdbcUrl().isEmpty()) {
      System.out.println("Store: in memory (pass --jdbc-url to use PostgreSQL)");
      DemoMetrics metrics = new DemoMetrics();
      try (EventStore store = new InMemoryEventStore(FulfillmentDispatcher.eventTypes(),
          StoreLimits.defaults(), Clock.systemUTC(), metrics.observer())) {
        new DemoRun(store, PipelineModels.inMemory(), options, System.out, Optional.empty(),
            metrics).run();
      }
      return;
    }
    try {
      onPostgres(options.jdbcUrl().get(), options, System.out);
    } catch (SQLException e) {
      System.err.println("demo: cannot reset schema " + SCHEMA + ": " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * The run on PostgreSQL: one pool for the store and the read-model queries; events, checkpoints
   * and read-model tables all in {@link #SCHEMA}, so a later run resumes and {@code --reset}
   * drops everything.
   */
  private static void onPostgres(String url, DemoOptions options, PrintStream out)
      throws SQLException, InterruptedException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(16);
    config.setPoolName("eventcore-demo");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      if (options.reset()) {
        try (Connection connection = pool.getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        out.println(
            "Reset: dropped schema " + SCHEMA + " (events, checkpoints, read-model tables)");
      }
      out.println("Store: PostgreSQL " + url.replaceAll("password=[^&]*", "password=***")
          + ", schema " + SCHEMA + "; read models in tables, checkpoints stored");
      // the store writes through a counter: the summary reports statements per order
      CountedDataSource counted = new CountedDataSource(pool);
      DemoMetrics metrics = new DemoMetrics();
      try (PostgresEventStore store = PostgresEventStore.builder()
          .dataSource(counted)
          .schema(SCHEMA)
          .eventTypes(FulfillmentDispatcher.eventTypes())
          .observer(metrics.observer())
          .build()) {
        new DemoRun(store, PipelineModels.postgres(store, pool, SCHEMA), options, out,
            Optional.of(counted), metrics).run();
      }
    }
  }
}
