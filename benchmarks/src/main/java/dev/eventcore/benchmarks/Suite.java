package dev.eventcore.benchmarks;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Profile;
import dev.eventcore.benchmarks.harness.Workload;
import dev.eventcore.benchmarks.jdbc.Database;
import dev.eventcore.benchmarks.jdbc.RawProbes;
import dev.eventcore.benchmarks.jdbc.ServerInfo;
import dev.eventcore.benchmarks.report.ConsoleTable;
import dev.eventcore.benchmarks.report.Environment;
import dev.eventcore.benchmarks.report.Report;
import dev.eventcore.benchmarks.report.ReportWriter;
import dev.eventcore.benchmarks.store.InMemoryStoreFactory;
import dev.eventcore.benchmarks.store.PostgresStoreFactory;
import dev.eventcore.benchmarks.store.StoreFactory;
import dev.eventcore.benchmarks.workloads.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One run of the suite: connect, calibrate, run the selected workloads in order (a workload that
 * cannot run is recorded as not run, with the reason, and the suite goes on), drop the benchmark
 * schemas, then print the table and write the report.
 */
public final class Suite {
  private static final DateTimeFormatter DIRECTORY =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Options options;

  /** A suite for {@code options}. */
  public Suite(Options options) {
    this.options = options;
  }

  /** Runs it; returns the process exit code (0 unless the report could not be written). */
  public int run() throws Exception {
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Profile named = Profile.named(options.profile());
    Profile profile = options.growthEvents().isEmpty() ? named
        : named.withGrowthEvents(options.growthEvents().getAsLong());
    StoreFactory stores =
        options.store().equals("memory") ? new InMemoryStoreFactory() : new PostgresStoreFactory();
    List<String> notes = new ArrayList<>();
    if (!stores.isPostgres()) {
      notes.add("Library workloads ran against the in-memory store (--store memory): their ratios to"
          + " raw JDBC are not the figures of docs/benchmarks.md.");
    }
    Optional<Database> database = connect(notes);
    Optional<ServerInfo> server = Optional.empty();
    List<Workload> selected = Workloads.all().stream().filter(w -> options.selects(w.id())).toList();
    say(String.format(Locale.ROOT, "eventcore benchmarks: profile %s, store %s, %d workload(s): %s",
        profile.name(), stores.name(), selected.size(),
        String.join(",", selected.stream().map(Workload::id).toList())));
    Bench bench = new Bench(profile, database, stores, Suite::say);
    Map<String, String> titles = new LinkedHashMap<>();
    try {
      if (database.isPresent()) {
        server = Optional.of(database.get().serverInfo());
        new RawProbes(database.get()).createTable();
        Workload calibration = Workloads.calibration();
        titles.put(calibration.id(), calibration.title());
        runOne(bench, calibration, "[0/" + selected.size() + "]");
      }
      for (int i = 0; i < selected.size(); i++) {
        Workload workload = selected.get(i);
        titles.put(workload.id(), workload.title());
        runOne(bench, workload, "[" + (i + 1) + "/" + selected.size() + "]");
      }
    } finally {
      if (database.isPresent()) {
        database.get().close();
      }
    }
    Environment environment = Environment.ofThisJvm(started.toString(), profile.name(), stores.name(),
        server, bench.roundTripMicros(), bench.commitCostMicros(), notes);
    Report report = new Report(environment, titles, bench.results());
    say("");
    say(ConsoleTable.render(report));
    Path directory = options.out().orElseGet(() -> defaultDirectory(started));
    ReportWriter.write(report, directory);
    say("report: " + directory.resolve(ReportWriter.MARKDOWN));
    say("json:   " + directory.resolve(ReportWriter.JSON));
    return 0;
  }

  private Optional<Database> connect(List<String> notes) {
    try {
      return Optional.of(Database.open(options.jdbcUrl()));
    } catch (Exception e) {
      String note = "PostgreSQL not reachable at " + options.jdbcUrl() + " (" + e.getMessage()
          + "): workloads that need it were not run.";
      notes.add(note);
      say(note);
      return Optional.empty();
    }
  }

  private static void runOne(Bench bench, Workload workload, String counter) {
    long start = System.nanoTime();
    say(counter + " " + workload.id() + ": " + workload.title());
    if (workload.needsDatabase() && !bench.hasDatabase()) {
      bench.record(CaseResult.skipped(workload.id(), workload.id(), Map.of(), "no PostgreSQL server"));
      return;
    }
    try {
      workload.run(bench);
    } catch (UnsupportedOperationException e) {
      bench.record(CaseResult.skipped(workload.id(), workload.id(), Map.of(), e.getMessage()));
    } catch (Exception e) {
      bench.record(CaseResult.skipped(workload.id(), workload.id(), Map.of(), "failed: " + e));
      e.printStackTrace(System.err);
    }
    say(String.format(Locale.ROOT, "%s %s done in %.1f s", counter, workload.id(),
        (System.nanoTime() - start) / 1e9));
  }

  private static Path defaultDirectory(Instant started) {
    Path base = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "results") : Path.of("results");
    return base.resolve(DIRECTORY.format(started));
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
