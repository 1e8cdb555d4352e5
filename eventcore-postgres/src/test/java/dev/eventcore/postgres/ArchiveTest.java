package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The archive on PostgreSQL: rows really move to the archive partition, the check of archived
 * keys catches an append whose version was taken and archived while it waited for the stream's
 * lock, and a least-privileged runtime role archives only through the function.
 */
class ArchiveTest {
  private static final Version ALL = Version.of(Long.MAX_VALUE);

  private final PostgresTestDatabase db = PostgresTestDatabase.newSchema();

  @AfterEach
  void drop() throws SQLException {
    db.close();
  }

  private static List<EventData<TestEvent>> numbered(int from, int count) {
    return java.util.stream.IntStream.range(from, from + count)
        .mapToObj(i -> EventData.<TestEvent>of(new TestEvent.Numbered(i))).toList();
  }

  @Test
  void archivedRowsLeaveTheHotPartitionAndReadBackEqual() throws Exception {
    try (PostgresEventStore store = db.store()) {
      StreamId stream = StreamId.of("cold-1");
      store.append(stream, ExpectedVersion.noStream(), numbered(0, 50));
      List<RecordedEvent<?>> before = store.readStream(stream);
      assertEquals(49, store.archiveStream(stream, ALL));
      assertEquals(49, db.count("SELECT count(*) FROM %s.events_archive"));
      assertEquals(1, db.count("SELECT count(*) FROM %s.events"));
      assertEquals(before, store.readStream(stream));
      assertEquals(before, store.readAll(GlobalPosition.START, 100));
      assertEquals(1, db.count("SELECT count(*) FROM pg_trigger WHERE tgname ="
          + " 'events_refuse_deleted_streams' AND tgenabled = 'O'"
          + " AND tgrelid = '%s.events'::regclass"), "the first archive turned the check on");
    }
  }

  /**
   * The case the check exists for: an append reads the stream's version in its statement's
   * snapshot, then waits for the stream's lock; meanwhile another transaction appends two events
   * and archives (or truncates) the first of them. Without the check, the waiting append would
   * write that version again in the hot partition, whose unique index no longer holds it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"archive_stream", "truncate_stream"})
  void anAppendWhoseVersionWasTakenAndMovedWhileItWaitedIsDecidedAgain(String function)
      throws Exception {
    try (PostgresEventStore store = db.builder().groupCommit(false).build()) {
      StreamId stream = StreamId.of("race-1");
      store.append(stream, ExpectedVersion.noStream(), numbered(0, 3));
      store.archiveStream(stream, ALL); // turns the check on; versions 1-2 archived
      CompletableFuture<AppendResult> waiting;
      try (Connection holder = PostgresTestDatabase.connect()) {
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement(
            "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
          lock.setString(1, stream.value());
          lock.execute();
        }
        waiting = CompletableFuture.supplyAsync(
            () -> store.append(stream, ExpectedVersion.any(), numbered(100, 1)));
        awaitLockWait(holder);
        try (Statement s = holder.createStatement()) {
          String q = "\"" + db.schema() + "\"";
          s.execute("INSERT INTO " + q + ".events (tx, ordinal, stream_id, version, event_id, type,"
              + " data, metadata) VALUES"
              + " (pg_current_xact_id(), 0, 'race-1', 4, gen_random_uuid(), 'Numbered',"
              + " '{\"n\": 4}', '{}'),"
              + " (pg_current_xact_id(), 1, 'race-1', 5, gen_random_uuid(), 'Numbered',"
              + " '{\"n\": 5}', '{}')");
          s.execute("SELECT " + q + "." + function + "('race-1', 5)"); // version 4 moved
        }
        holder.commit();
      }
      AppendResult result = waiting.get(30, TimeUnit.SECONDS);
      assertEquals(Version.of(6), result.versions().get(stream), "decided again after the check");
      List<RecordedEvent<?>> read = store.readStream(stream);
      long expected = read.get(0).version().value();
      for (RecordedEvent<?> event : read) {
        assertEquals(expected++, event.version().value(), "one event per version, in order");
      }
      assertEquals(7, expected, "the last version is the append's");
    }
  }

  /** Polls until another session waits for an advisory lock. */
  private static void awaitLockWait(Connection c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try (PreparedStatement waiting = c.prepareStatement("SELECT count(*) FROM pg_locks"
        + " WHERE locktype = 'advisory' AND NOT granted")) {
      while (System.nanoTime() < deadline) {
        try (ResultSet row = waiting.executeQuery()) {
          row.next();
          if (row.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(5);
      }
    }
    throw new AssertionError("the append never waited for the stream's lock");
  }

  @Test
  void aRuntimeRoleArchivesOnlyThroughTheFunction() throws Exception {
    try (RuntimeRole role = RuntimeRole.create(db);
        HikariDataSource pool = role.pool();
        PostgresEventStore store = role.store(pool)) {
      StreamId stream = StreamId.of("cold-2");
      store.append(stream, ExpectedVersion.noStream(), numbered(0, 5));
      assertTrue(assertThrows(RuntimeException.class, () -> store.archiveStream(stream, ALL))
          .getMessage().contains("42501"), "no EXECUTE grant, no archive");
      role.grant("EXECUTE ON FUNCTION %s.enable_archive(), %s.archive_stream(text, bigint)");
      assertEquals(4, store.archiveStream(stream, ALL));
      assertEquals(5, store.readStream(stream).size(), "read through event_log");
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        SQLException denied = assertThrows(SQLException.class, () -> s.execute(
            "DELETE FROM \"" + db.schema() + "\".events_archive"));
        assertEquals("42501", denied.getSQLState(), denied.getMessage());
      }
    }
  }

  @Test
  void archivingAndTruncatingRefuseToRunWhileTheAppendCheckIsOff() throws Exception {
    db.store().close(); // migrated; nothing deleted, truncated or archived yet: the check is off
    try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement()) {
      for (String call : List.of("archive_stream('any-1', 5)", "truncate_stream('any-1', 5)")) {
        SQLException refused = assertThrows(SQLException.class,
            () -> s.execute("SELECT \"" + db.schema() + "\"." + call));
        assertEquals("55000", refused.getSQLState(), refused.getMessage());
        assertTrue(refused.getMessage().contains(call.startsWith("archive")
            ? "enable_archive()" : "enable_stream_deletion()"), refused.getMessage());
      }
    }
  }

  @Test
  void migratingAStoreWithEventsToV17KeepsThemReadableAndArchivable() throws Exception {
    PostgresTestDatabase old = PostgresTestDatabase.newSchema();
    try {
      old.migrateTo("16");
      try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement()) {
        s.execute("SELECT * FROM \"" + old.schema() + "\".append_batch(array[1], array['old-1'],"
            + " array[-1::bigint], array[3], array[gen_random_uuid(), gen_random_uuid(),"
            + " gen_random_uuid()], array['Numbered', 'Numbered', 'Numbered'], array[1, 1, 1],"
            + " array['{\"n\": 1}', '{\"n\": 2}', '{\"n\": 3}'], array['{}', '{}', '{}'])");
      }
      try (PostgresEventStore store = old.store()) { // migrates to V17
        StreamId stream = StreamId.of("old-1");
        List<RecordedEvent<?>> before = store.readStream(stream);
        assertEquals(List.of(new TestEvent.Numbered(1), new TestEvent.Numbered(2),
            new TestEvent.Numbered(3)), before.stream().map(RecordedEvent::payload).toList());
        assertEquals(2, store.archiveStream(stream, ALL));
        assertEquals(before, store.readStream(stream));
        store.append(stream, ExpectedVersion.exactly(Version.of(3)), numbered(4, 1));
      }
    } finally {
      old.close();
    }
  }

  @Test
  void aStoreOnASchemaWithoutV17RefusesToStartNamingTheScript() throws Exception {
    PostgresTestDatabase old = PostgresTestDatabase.newSchema();
    try {
      old.migrateTo("16");
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> old.builder().migrate(false).build().close());
      assertTrue(refused.getMessage().toLowerCase(Locale.ROOT).contains("v17"),
          refused.getMessage());
    } finally {
      old.close();
    }
  }
}
