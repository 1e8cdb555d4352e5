package dev.eventcore.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.examples.pipeline.CountedDataSource;
import dev.eventcore.examples.pipeline.PipelineModels;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo on PostgreSQL: a second process (a new store, new table read models, new runners over
 * the same schema) resumes the tables from their stored checkpoints, finds them equal to a fresh
 * replay of the stored events, and adds its orders after the first run's.
 */
class PostgresDemoTest {
  static final DemoOptions SMALL =
      new DemoOptions(30, Optional.of("jdbc:unused"), false, 11, Duration.ofMillis(500));

  private static final PostgresTestDatabase DB = PostgresTestDatabase.newSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void openPool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.jdbcUrl());
    config.setMaximumPoolSize(12);
    pool = new HikariDataSource(config);
  }

  @AfterAll
  static void close() throws Exception {
    pool.close();
    DB.close();
  }

  @Test
  void aSecondRunResumesTheTablesAndFindsThemEqualToAReplay() throws Exception {
    Run first = run();
    assertEquals(30, first.summary().orders());
    assertFalse(first.output().contains("already holds"), first.output());
    DemoSummary.Jdbc jdbc = first.summary().jdbc().orElseThrow();
    assertTrue(jdbc.statements() > 30 && jdbc.transactions() > 30, jdbc.toString());
    assertTrue(first.output().contains("statements and"), first.output());
    // the demo's own metrics, from the store's, the saga's and the projections' observer
    assertTrue(first.output().matches("(?s).*eventcore\\.append\\{ok\\}\\s+[1-9][0-9,]* .*"),
        first.output());
    assertTrue(first.output().matches("(?s).*eventcore\\.saga\\.steps\\s+[1-9][0-9,]*\\R.*"),
        first.output());
    assertTrue(first.output().contains("eventcore.projection.commits{current-orders}"),
        first.output());

    Run second = run();
    assertEquals(60, second.summary().orders());
    assertTrue(second.output().contains("Resuming the read-model tables"), second.output());
    assertTrue(second.output().contains("resumed: 30 orders"), second.output());
    assertTrue(second.output().contains("30 orders were already in the tables"), second.output());
    assertTrue(second.output().contains("restart check: the tables equal a fresh replay"),
        second.output());
    assertTrue(second.output().contains(": OK"), second.output());
  }

  record Run(DemoSummary summary, String output) {}

  /** One "process": its own store and read models over the schema. */
  private static Run run() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CountedDataSource counted = new CountedDataSource(pool);
    DemoMetrics metrics = new DemoMetrics();
    try (PostgresEventStore store = PostgresEventStore.builder().dataSource(counted)
        .schema(DB.schema()).eventTypes(FulfillmentDispatcher.eventTypes())
        .observer(metrics.observer()).build()) {
      DemoSummary summary = new DemoRun(store,
          PipelineModels.postgres(store, pool, DB.schema()), SMALL,
          new PrintStream(bytes, true, StandardCharsets.UTF_8), Optional.of(counted), metrics)
          .run();
      return new Run(summary, bytes.toString(StandardCharsets.UTF_8));
    }
  }
}
