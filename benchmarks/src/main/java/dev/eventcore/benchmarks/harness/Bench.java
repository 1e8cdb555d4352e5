package dev.eventcore.benchmarks.harness;

import dev.eventcore.EventStore;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.benchmarks.jdbc.Database;
import dev.eventcore.benchmarks.jdbc.RawProbes;
import dev.eventcore.benchmarks.jdbc.RawReads;
import dev.eventcore.benchmarks.store.StoreFactory;
import dev.eventcore.benchmarks.store.StoreOptions;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventCodec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a workload works with: the profile, the database and its raw probes, the library's store
 * factory, the load driver, and the results recorded so far (a later workload may refer to an
 * earlier one, as W11 does to W1). Used by one thread at a time.
 */
public final class Bench {
  private final Profile profile;
  private final Optional<Database> database;
  private final StoreFactory stores;
  private final Consumer<String> progress;
  private final List<CaseResult> results = new ArrayList<>();
  private double commitCostMicros = Double.NaN;
  private double roundTripMicros = Double.NaN;

  /**
   * A bench.
   *
   * @param database the benchmark database, empty when no server is reachable
   * @param progress where progress lines go
   */
  public Bench(Profile profile, Optional<Database> database, StoreFactory stores,
      Consumer<String> progress) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.database = Objects.requireNonNull(database, "database");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** The profile. */
  public Profile profile() {
    return profile;
  }

  /**
   * The database.
   *
   * @throws BenchmarkException if no server is reachable
   */
  public Database database() {
    return database.orElseThrow(() -> new BenchmarkException("no PostgreSQL server reachable"));
  }

  /** Whether a PostgreSQL server is reachable. */
  public boolean hasDatabase() {
    return database.isPresent();
  }

  /** The raw write probes. */
  public RawProbes raw() {
    return new RawProbes(database());
  }

  /** The raw read probes. */
  public RawReads reads() {
    return new RawReads(database());
  }

  /** The library's store factory. */
  public StoreFactory stores() {
    return stores;
  }

  /** Runs a load, counting round trips when there is a database. */
  public Sample drive(LoadPlan plan, WorkerFactory factory) {
    return LoadDriver.run(plan, factory,
        () -> database.map(Database::roundTrips).orElse(-1L));
  }

  /** A trial that drives {@code factory} with {@code plan}. */
  public Trial trial(LoadPlan plan, WorkerFactory factory) {
    return () -> drive(plan, factory);
  }

  /** Starts a case of {@code workload} named {@code name} (unique in the run). */
  public CaseSpec newCase(String workload, String name) {
    return new CaseSpec(workload, name, profile.rounds(), line -> progress("  " + line));
  }

  /**
   * Opens the library store in a fresh {@value Database#STORE_SCHEMA} schema, through the store
   * factory. Closing the handle closes the store and drops the schema.
   *
   * @throws UnsupportedOperationException if the factory has no such store in this build
   */
  public StoreHandle openStore(boolean groupCommit) throws SQLException {
    return openStore(groupCommit, Database.STORE_SCHEMA, JacksonCodec.json());
  }

  /**
   * Opens the library store in a fresh schema {@code schema} (dropped first and on close), writing
   * payloads with {@code codec}.
   */
  public StoreHandle openStore(boolean groupCommit, String schema, EventCodec codec)
      throws SQLException {
    Database db = database();
    db.dropSchema(schema);
    EventStore store =
        stores.open(new StoreOptions(db.pool(), schema, Payloads.TYPES, groupCommit, codec));
    return new StoreHandle(store, db, schema);
  }

  /** Records a case's result and prints its summary line. */
  public void record(CaseResult result) {
    results.add(result);
    progress("  " + Summary.line(result));
  }

  /** Every result recorded so far, in order. */
  public List<CaseResult> results() {
    return List.copyOf(results);
  }

  /** The result of the case named {@code name}, if it ran. */
  public Optional<CaseResult> result(String name) {
    return results.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** Prints a progress line. */
  public void progress(String line) {
    progress.accept(line);
  }

  /** The measured cost of a durable commit (median latency, µs); NaN before calibration. */
  public double commitCostMicros() {
    return commitCostMicros;
  }

  /** The measured round trip (median latency, µs); NaN before calibration. */
  public double roundTripMicros() {
    return roundTripMicros;
  }

  /** Sets the calibration measured at the start of the run. */
  public void calibrated(double roundTrip, double commitCost) {
    this.roundTripMicros = roundTrip;
    this.commitCostMicros = commitCost;
  }

  /** An open library store; closing it closes the store and drops its schema. */
  public static final class StoreHandle implements AutoCloseable {
    private final EventStore store;
    private final Database database;
    private final String schema;

    StoreHandle(EventStore store, Database database, String schema) {
      this.store = store;
      this.database = database;
      this.schema = schema;
    }

    /** The store. */
    public EventStore store() {
      return store;
    }

    @Override
    public void close() throws SQLException {
      store.close();
      database.dropSchema(schema);
    }
  }
}
