package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.StoreFailureException;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.AggregateState;
import dev.eventcore.command.Decider;
import dev.eventcore.snapshot.SnapshotPolicy;
import dev.eventcore.snapshot.SnapshotStore;
import dev.eventcore.testkit.contract.SnapshotStoreContract;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL snapshot store passes the snapshot contract; corrupt rows are ignored. */
class PostgresSnapshotStoreTest extends SnapshotStoreContract {
  private static final StreamId SUM = StreamId.of("sum", "1");
  private static PostgresTestDatabase db;
  private static PostgresEventStore store;

  /** The aggregate state: a running sum. */
  record Sum(long total) {}

  private static final Decider<Long, Sum, TestEvent> SUMMER = Decider.of(
      new Sum(0),
      (state, event) -> new Sum(state.total() + ((TestEvent.Numbered) event).n()),
      (command, state) -> List.of(new TestEvent.Numbered(command)));

  @BeforeAll
  static void open() {
    db = PostgresTestDatabase.newSchema();
    store = db.store();
  }

  @AfterAll
  static void drop() throws Exception {
    store.close();
    db.close();
  }

  @Override
  protected SnapshotStore newSnapshotStore() {
    truncate();
    return PostgresSnapshotStore.of(store);
  }

  private static void truncate() {
    try {
      db.sql("TRUNCATE %s.snapshots");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AggregateRepository<Long, Sum, TestEvent> repository(int revision) {
    return AggregateRepository.builder(store, SUMMER, TestEvent.class)
        .snapshots(PostgresSnapshotStore.of(store), Sum.class, revision)
        .snapshotPolicy(SnapshotPolicy.everyEvents(2))
        .build();
  }

  @Test
  void theRepositoryLoadsFromAJsonSnapshotPlusTheTail() {
    truncate();
    AggregateRepository<Long, Sum, TestEvent> sums = repository(1);
    for (long i = 1; i <= 5; i++) {
      sums.handle(SUM, i);
    }
    AggregateState<Sum> loaded = sums.load(SUM);
    assertEquals(new Sum(15), loaded.state());
    assertEquals(Version.of(4), loaded.snapshotVersion());
  }

  @Test
  void aCorruptSnapshotRowFailsToLoadAndTheRepositoryReplaysInFull() throws Exception {
    truncate();
    AggregateRepository<Long, Sum, TestEvent> sums = repository(1);
    StreamId stream = StreamId.of("sum", "corrupt");
    for (long i = 1; i <= 4; i++) {
      sums.handle(stream, i);
    }
    db.sql("UPDATE %s.snapshots SET state = '{\"total\": \"not a number\"}'");
    StoreFailureException e = assertThrows(StoreFailureException.class,
        () -> PostgresSnapshotStore.of(store).load(stream, Sum.class));
    assertTrue(e.getMessage().contains("sum-corrupt"), e.getMessage());
    AggregateState<Sum> loaded = repository(1).load(stream); // a fresh one: no cached state
    assertEquals(new Sum(10), loaded.state());
    assertEquals(Version.NONE, loaded.snapshotVersion(), "replayed in full");
  }

  @Test
  void aSnapshotOfAnotherStateRevisionIsIgnored() {
    truncate();
    StreamId stream = StreamId.of("sum", "revised");
    AggregateRepository<Long, Sum, TestEvent> old = repository(1);
    for (long i = 1; i <= 2; i++) {
      old.handle(stream, i);
    }
    AggregateState<Sum> loaded = repository(2).load(stream);
    assertEquals(new Sum(3), loaded.state());
    assertEquals(Version.NONE, loaded.snapshotVersion());
  }
}
