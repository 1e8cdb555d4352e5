package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StoreFailureException;
import dev.eventcore.StreamId;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What only PostgreSQL can get wrong about boundaries: a pool of the wrong isolation, a pool with
 * auto-commit off, a condition's position taken from an append instead of a read while a smaller
 * transaction id is still open, and a condition far enough back that the check leaves its
 * fast path.
 */
class PostgresBoundaryTest {
  private static final EventTypes TYPES = EventTypes.of(TestEvent.class);
  private final PostgresTestDatabase db = PostgresTestDatabase.newSchema();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    db.close();
  }

  private PostgresEventStore store() {
    PostgresEventStore store = PostgresEventStore.builder().jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(db.schema()).eventTypes(TYPES).build();
    opened.add(store);
    return store;
  }

  private PostgresEventStore store(String isolation, boolean autoCommit) {
    store(); // migrates
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.jdbcUrl());
    config.setMaximumPoolSize(4);
    config.setAutoCommit(autoCommit);
    config.setConnectionInitSql(
        "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL " + isolation);
    HikariDataSource pool = new HikariDataSource(config);
    PostgresEventStore store = PostgresEventStore.builder().dataSource(pool).schema(db.schema())
        .eventTypes(TYPES).build();
    opened.add(store);
    opened.add(pool);
    return store;
  }

  private static long seq;

  private static TestEvent event() {
    return new TestEvent.Numbered(++seq);
  }

  private static TaggedEvent tagged(String text, Tag... tags) {
    return TaggedEvent.of(event(), tags);
  }

  @Test
  void aPoolOfAnotherIsolationIsRefusedWithWhatToSet() {
    PostgresEventStore store = store("REPEATABLE READ", true);
    DcbRead read = store.boundaries().read(DcbQuery.of(QueryItem.tags(Tag.of("a"))));
    StoreFailureException refused = assertThrows(StoreFailureException.class,
        () -> store.boundaries().append(StreamId.of("s-1"), List.of(tagged("x", Tag.of("a"))),
            read.condition()));
    assertTrue(refused.getMessage().contains("READ COMMITTED"), refused.getMessage());
    assertEquals(0, store().readAll(GlobalPosition.START, 10).size());
  }

  @Test
  void aPoolWithAutoCommitOffCommitsTheAppend() {
    PostgresEventStore manual = store("READ COMMITTED", false);
    DcbRead read = manual.boundaries().read(DcbQuery.of(QueryItem.tags(Tag.of("a"))));
    manual.boundaries().append(StreamId.of("s-1"), List.of(tagged("x", Tag.of("a"))),
        read.condition());
    assertEquals(1, store().boundaries().read(DcbQuery.of(QueryItem.tags(Tag.of("a"))))
        .events().size(), "committed: another store reads it");
  }

  @Test
  void aPositionFromAnAppendDoesNotHideASmallerOpenTransaction() throws Exception {
    PostgresEventStore store = store();
    StreamId account = StreamId.of("account-1");
    DcbQuery query = DcbQuery.of(QueryItem.tags(Tag.stream(account)));
    CompletableFuture<AppendResult> conditional;
    try (Connection open = store.dataSource().getConnection()) {
      open.setAutoCommit(false);
      store.append(open, account, ExpectedVersion.any(), // a smaller transaction id, still open
          List.of(EventData.of(event())));
      AppendResult later = store.append(StreamId.of("other-1"), ExpectedVersion.any(),
          List.of(EventData.of(event())));
      AppendCondition fromAppend = new AppendCondition(query, later.lastPosition());
      conditional = CompletableFuture.supplyAsync(() -> store.boundaries().append(
          StreamId.of("audit-1"), List.of(tagged("audited")), fromAppend));
      Thread.sleep(200); // the conditional append waits for the stream's lock
      open.commit();
    }
    Exception failed = assertThrows(Exception.class, () -> conditional.get(10, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof AppendConditionFailedException,
        "the late committer's event is seen: " + failed);
  }

  @Test
  void aConditionFarBackFindsItsMatchPastAThousandOthers() {
    PostgresEventStore store = store();
    Tag tag = Tag.of("far", "1");
    DcbRead read = store.boundaries().read(DcbQuery.of(QueryItem.tags(tag)));
    List<EventData<?>> others = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      others.add(EventData.of(event()));
    }
    store.append(StreamId.of("bulk-1"), ExpectedVersion.any(), others);
    store.boundaries().append(StreamId.of("x-1"), List.of(tagged("unrelated", Tag.of("far", "2"))),
        read.condition()); // past 1,000 events, nothing matching: accepted
    store.boundaries().append(StreamId.of("m-1"), List.of(tagged("match", tag)));
    assertThrows(AppendConditionFailedException.class, () -> store.boundaries().append(
        StreamId.of("m-2"), List.of(tagged("second", tag)), read.condition()));
  }
}
