package dev.eventcore.benchmarks.jdbc;

import dev.eventcore.EventId;
import dev.eventcore.benchmarks.events.Accounts;
import dev.eventcore.benchmarks.events.Accounts.Account;
import dev.eventcore.benchmarks.events.Accounts.Post;
import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.benchmarks.harness.Worker;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The raw-JDBC baseline of the command workloads: what a competent engineer writes by hand for an
 * aggregate command. Read the stream's rows (version, type, data) in one autocommit SELECT, decode
 * each payload with the shared mapper, fold them with the same {@link Accounts#DECIDER}, decide,
 * and INSERT the new event at the next version in autocommit: the {@code (stream_id, version)}
 * unique constraint is the optimistic-concurrency check, and a violation reads and decides again.
 * Two round trips and one durable commit per command.
 */
public final class RawCommands {
  /** Counter name of the unique violations (a concurrent writer got the version first). */
  public static final String CONFLICTS = "conflicts";

  private static final String READ = "SELECT version, type, data FROM " + RawProbes.TABLE
      + " WHERE stream_id = ? ORDER BY version";
  private static final String UNIQUE_VIOLATION = "23505";

  private final Database database;

  /** Commands on {@code database}'s raw table. */
  public RawCommands(Database database) {
    this.database = database;
  }

  /**
   * Each operation posts one event to a random one of the {@code aggregates} streams {@code
   * prefix-i} (as written by {@link RawProbes#prefill}): read, decode, fold, decide, insert.
   */
  public WorkerFactory commands(String prefix, int aggregates) {
    return context -> {
      Connection connection = database.connect();
      PreparedStatement read = connection.prepareStatement(READ);
      PreparedStatement insert = connection.prepareStatement(RawProbes.INSERT_ONE);
      String metadata = Payloads.json(Payloads.metadata().entries());
      return new Worker() {
        @Override
        public long step(long seq) throws Exception {
          String stream = prefix + "-" + ThreadLocalRandom.current().nextInt(aggregates);
          while (true) {
            Folded folded = load(read, stream);
            BenchEvent event = Accounts.DECIDER.decide(new Post(stream), folded.state()).get(0);
            insert.setString(1, stream);
            insert.setLong(2, folded.version() + 1);
            insert.setObject(3, EventId.random().value());
            insert.setString(4, Payloads.typeOf(event));
            insert.setString(5, Payloads.json(event));
            insert.setString(6, metadata);
            try {
              insert.executeUpdate();
              return 1;
            } catch (SQLException e) {
              if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
              }
              context.counters().increment(CONFLICTS);
            }
          }
        }

        @Override
        public void close() throws SQLException {
          read.close();
          insert.close();
          connection.close();
        }
      };
    };
  }

  /** Each operation loads {@code stream} (read, decode, fold); it counts the events folded. */
  public WorkerFactory load(String stream) {
    return context -> {
      Connection connection = database.connect();
      connection.setAutoCommit(false);
      PreparedStatement read = connection.prepareStatement(READ);
      read.setFetchSize(RawReads.FETCH_SIZE);
      return new Worker() {
        @Override
        public long step(long seq) throws Exception {
          Folded folded = load(read, stream);
          connection.commit();
          return folded.state().events();
        }

        @Override
        public void close() throws SQLException {
          read.close();
          connection.close();
        }
      };
    };
  }

  private static Folded load(PreparedStatement read, String stream) throws SQLException {
    read.setString(1, stream);
    Account state = Accounts.DECIDER.initialState();
    long version = 0;
    try (ResultSet rows = read.executeQuery()) {
      while (rows.next()) {
        version = rows.getLong(1);
        Object payload = Payloads.MAPPER.readValue(rows.getBytes(3), Payloads.classOf(rows.getString(2)));
        state = Accounts.DECIDER.evolve(state, (BenchEvent) payload);
      }
    }
    return new Folded(version, state);
  }

  /** A stream's version and the state folded up to it. */
  private record Folded(long version, Account state) {}
}
