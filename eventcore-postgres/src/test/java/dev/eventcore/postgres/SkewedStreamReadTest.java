package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A page of a stream costs what the page holds, even when the statistics say the stream is short
 * (it grew twentyfold since the last ANALYZE): the planner would then rather collect the whole
 * stream with a bitmap scan, format every row and sort them than walk its index and stop at the
 * page's end (measured: 151 ms instead of 0.4 ms for the second page of 100,000 events). Measured by the index entries the server read for the call ({@code
 * pg_stat_user_indexes.idx_tup_read}, which the backends flush within a second of going idle): a
 * page of 1,000 after the head reads about 1,250 entries in index order, the whole stream 20,000.
 */
class SkewedStreamReadTest {
  private static final StreamId LONG = StreamId.of("long");
  private static final int LONG_EVENTS = 20_000;
  private PostgresTestDatabase db;
  private PostgresEventStore store;

  @BeforeEach
  void skewedStatistics() throws Exception {
    db = PostgresTestDatabase.newSchema();
    store = db.builder().maxPoolSize(3).build();
    db.sql("ALTER TABLE %s.events SET (autovacuum_enabled = false)"); // the statistics stay stale
    // analyzed when the long stream had 1,000 of the table's 10,000 events (short streams of 10)
    db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, data,"
        + " metadata) SELECT pg_current_xact_id(), g, 's-' || (g / 10), g % 10 + 1,"
        + " gen_random_uuid(), 'Numbered', '{\"n\": 1}', '{}' FROM generate_series(0, 8999) g");
    grow(1, 1_000);
    db.sql("ANALYZE %s.events");
    grow(1_001, LONG_EVENTS); // then it grew, and no ANALYZE came yet
  }

  private void grow(int from, int to) throws Exception {
    db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, data,"
        + " metadata) SELECT pg_current_xact_id(), g, 'long', g, gen_random_uuid(), 'Numbered',"
        + " '{\"n\": 1}', '{}' FROM generate_series(" + from + ", " + to + ") g");
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    db.close();
  }

  /** The index entries of {@code (stream_id, version)} read so far, as the statistics know them. */
  private long entriesRead() throws Exception {
    try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      try (PreparedStatement read = c.prepareStatement("SELECT coalesce(sum(idx_tup_read), 0)"
          + " FROM pg_stat_user_indexes WHERE schemaname = ? AND indexrelname LIKE"
          + " '%stream_version_key'")) {
        read.setString(1, db.schema());
        try (ResultSet rows = read.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    }
  }

  /**
   * The index entries {@code call} read: waits until at least {@code atLeast} are counted (the
   * rows it returned), then a while longer for the flush of any other connection it used.
   */
  private long entriesReadBy(Runnable call, long atLeast) throws Exception {
    long before = entriesRead();
    call.run();
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (entriesRead() - before < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(2_500); // every backend flushes within a second of going idle
    return entriesRead() - before;
  }

  private static void assertPaged(long entries, long page, String what) {
    assertTrue(entries >= page, what + ": " + entries + " entries counted, fewer than returned");
    assertTrue(entries < LONG_EVENTS / 4,
        what + " read " + entries + " index entries of a " + LONG_EVENTS + "-event stream for "
            + page + " events: the whole stream, not the page");
  }

  @Test
  void aPageOfAStreamLongerThanTheStatisticsSayReadsThePage() throws Exception {
    store.append(StreamId.of("warm"), ExpectedVersion.noStream(), // the pool's sessions exist
        List.of(EventData.of(new TestEvent.Numbered(1))));
    int[] read = new int[1];
    long entries = entriesReadBy(
        () -> read[0] = store.readStream(LONG, Version.of(1), 1_250).size(), 1_250);
    assertEquals(1_250, read[0]);
    assertPaged(entries, 1_250, "readStream(1, 1,250)");
  }

  @Test
  void aFoldThatStopsEarlyReadsWhatItFolded() throws Exception {
    LongSupplier folded = () -> {
      long[] seen = {0};
      try {
        store.readPayloads(LONG, Version.of(1), (payload, version) -> {
          if (++seen[0] == 600) {
            throw new IllegalStateException("enough");
          }
        });
      } catch (IllegalStateException expected) {
        // the fold stopped itself
      }
      return seen[0];
    };
    long[] seen = new long[1];
    long entries = entriesReadBy(() -> seen[0] = folded.getAsLong(), 600);
    assertEquals(600, seen[0]);
    assertPaged(entries, 600, "readPayloads stopped at 600");
  }

  @Test
  void theLastEventsOfALongStreamAreReadFromItsEnd() throws Exception {
    int[] read = new int[1];
    long entries = entriesReadBy(() -> read[0] = store.readStreamBackwards(
        LONG, Version.of(LONG_EVENTS), 10).size(), 10);
    assertEquals(10, read[0]);
    assertPaged(entries, 10, "readStreamBackwards(last, 10)");
  }
}
