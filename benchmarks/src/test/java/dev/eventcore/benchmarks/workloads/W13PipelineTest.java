package dev.eventcore.benchmarks.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Profile;
import dev.eventcore.benchmarks.harness.Sample;
import dev.eventcore.benchmarks.harness.Series;
import dev.eventcore.benchmarks.jdbc.Database;
import dev.eventcore.benchmarks.store.InMemoryStoreFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** W13 run tiny on both adapters, against the real server: every reported figure is there. */
class W13PipelineTest {
  private static final String URL = Optional.ofNullable(System.getenv("EVENTCORE_TEST_JDBC_URL"))
      .orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  @Test
  void aRunPastItsTimeBudgetIsStoppedAndSaysHowFarItGot() {
    PipelineCase.OverBudget stopped = assertThrows(PipelineCase.OverBudget.class,
        () -> PipelineCase.inMemory(1_000, Duration.ZERO));
    assertEquals("stopped after 0 minutes, 1 orders placed", stopped.getMessage());
  }

  @Test
  void aTinyRunReportsRatesLagStatementsTransactionsAndQueriesOnBothAdapters() throws Exception {
    List<String> progress = new ArrayList<>();
    // its own schema, and the suite's schemas left alone: a benchmark run may be using them
    String schema = "w13_test_" + Long.toHexString(System.nanoTime());
    Database database = Database.open(URL);
    try {
      Bench bench = new Bench(Profile.quick(), Optional.of(database), new InMemoryStoreFactory(),
          progress::add);
      new W13Pipeline(List.of(40), List.of(30), schema).run(bench);

      List<CaseResult> results = bench.results();
      assertEquals(List.of("W13 memory orders=40", "W13 postgres orders=30"),
          results.stream().map(CaseResult::name).toList());

      Series memory = results.get(0).subject().orElseThrow();
      Sample inMemory = memory.samples().get(0);
      assertEquals(40, inMemory.operations(), "an operation is an order");
      assertTrue(inMemory.events() > 40 * 5, "events: " + inMemory.events());
      assertTrue(memory.medianOperationRate() > 0);
      assertTrue(memory.latency().count() > 0, "lag samples");
      assertTrue(Double.isNaN(memory.roundTripsPerOperation()), "no statements in memory");

      Series postgres = results.get(1).subject().orElseThrow();
      assertEquals(30, postgres.samples().get(0).operations());
      assertTrue(postgres.latency().count() > 0, "lag samples");
      assertTrue(postgres.roundTripsPerOperation() > 1, "statements per order");
      assertTrue(postgres.counter("transactions") > 30, "transactions");
      String notes = String.join("\n", results.get(1).notes());
      assertTrue(notes.contains("statements and") && notes.contains("read-model queries/s"),
          notes);
      assertTrue(notes.contains("delivered"), notes);
      try (Connection c = database.connect(); Statement statement = c.createStatement();
          ResultSet rows = statement.executeQuery(
              "SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'")) {
        assertFalse(rows.next(), "the run drops its schema");
      }
    } finally {
      database.closePool();
    }
  }
}
