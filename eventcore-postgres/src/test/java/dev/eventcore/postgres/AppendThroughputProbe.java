package dev.eventcore.postgres;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A quick throughput probe, not a test: run it explicitly with {@code -Dtest=AppendThroughputProbe}
 * (its name keeps it out of the default test run). Each figure is printed next to raw JDBC doing the
 * same work on the same server in the same run. The real suite belongs in benchmarks/.
 */
class AppendThroughputProbe {
  private static final long MILLIS = 2_000;
  private static final int ROUNDS = 3;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  interface Work {
    void run(int thread, long i) throws Exception;
  }

  private static double rate(int threads, Work work) throws Exception {
    measure(threads, work, 500); // warm-up: JIT, pool, plan caches
    return measure(threads, work, MILLIS);
  }

  private static double measure(int threads, Work work, long millis) throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.currentTimeMillis() + millis;
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      all.add(new Thread(() -> {
        try {
          while (System.currentTimeMillis() < end) {
            work.run(thread, SEQUENCE.incrementAndGet());
            done.incrementAndGet();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    long start = System.nanoTime();
    all.forEach(Thread::start);
    for (Thread thread : all) {
      thread.join();
    }
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double medianRatio(double[] ours, double[] raw) {
    double[] ratios = new double[ours.length];
    for (int i = 0; i < ours.length; i++) {
      ratios[i] = ours[i] / raw[i];
    }
    return median(ratios);
  }

  private static String rawInsert(String schema) {
    return "INSERT INTO \"" + schema + "\".raw_events (stream_id, version, event_id, type, data,"
        + " metadata) VALUES (?, ?, ?, 'Numbered', ?::jsonb, '{}'::jsonb)";
  }

  @Test
  void probe() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore plain = db.builder().groupCommit(false).maxPoolSize(20).build();
        PostgresEventStore grouped = db.builder().groupCommit(true).maxPoolSize(20).build()) {
      db.sql("CREATE TABLE %s.raw_events (position bigserial PRIMARY KEY, stream_id text NOT NULL,"
          + " version bigint NOT NULL, event_id uuid NOT NULL UNIQUE, type text NOT NULL,"
          + " data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL"
          + " DEFAULT now(), UNIQUE (stream_id, version))");
      Connection[] raw = new Connection[16];
      PreparedStatement[] insert = new PreparedStatement[16];
      for (int i = 0; i < 16; i++) {
        raw[i] = PostgresTestDatabase.connect();
        insert[i] = raw[i].prepareStatement(rawInsert(db.schema));
      }
      StringBuilder report = new StringBuilder("\n=== eventcore-postgres quick probe (median of "
          + ROUNDS + " interleaved rounds; ratios per round, then the median) ===\n");
      for (int threads : new int[] {1, 16}) {
        double[] raws = new double[ROUNDS];
        double[] plains = new double[ROUNDS];
        double[] groups = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
          String run = UUID.randomUUID().toString();
          raws[round] = rate(threads, (t, i) -> {
            insert[t].setString(1, "raw-" + run + "-" + t);
            insert[t].setLong(2, i + 1);
            insert[t].setObject(3, UUID.randomUUID());
            insert[t].setString(4, "{\"n\":" + i + "}");
            insert[t].executeUpdate();
          });
          plains[round] = rate(threads, (t, i) -> plain.append(StreamId.of("p-" + run + "-" + t),
              ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(i)))));
          groups[round] = rate(threads, (t, i) -> grouped.append(StreamId.of("g-" + run + "-" + t),
              ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(i)))));
        }
        report.append(String.format(
            "single-event appends, %2d threads: raw insert %7.0f/s | store %7.0f/s (%.2fx) |"
                + " group commit %7.0f/s (%.2fx)%n",
            threads, median(raws), median(plains), medianRatio(plains, raws), median(groups),
            medianRatio(groups, raws)));
      }
      double[] rawBatches = new double[ROUNDS];
      double[] storeBatches = new double[ROUNDS];
      PreparedStatement unnest = raw[0].prepareStatement(
          "INSERT INTO \"" + db.schema + "\".raw_events (stream_id, version, event_id, type, data,"
              + " metadata) SELECT ?, v, id, 'Numbered', d::jsonb, '{}'::jsonb"
              + " FROM unnest(?::bigint[], ?::uuid[], ?::text[]) AS x(v, id, d)");
      for (int round = 0; round < ROUNDS; round++) {
        String run = UUID.randomUUID().toString();
        rawBatches[round] = rate(1, (t, i) -> {
          Long[] versions = new Long[100];
          UUID[] ids = new UUID[100];
          String[] data = new String[100];
          for (int k = 0; k < 100; k++) {
            versions[k] = i * 100 + k + 1;
            ids[k] = UUID.randomUUID();
            data[k] = "{\"n\":" + k + "}";
          }
          unnest.setString(1, "rawbatch-" + run);
          unnest.setArray(2, raw[0].createArrayOf("int8", versions));
          unnest.setArray(3, raw[0].createArrayOf("uuid", ids));
          unnest.setArray(4, raw[0].createArrayOf("text", data));
          unnest.executeUpdate();
        }) * 100;
        storeBatches[round] = rate(1, (t, i) -> {
          List<EventData<?>> events = new ArrayList<>(100);
          for (int k = 0; k < 100; k++) {
            events.add(EventData.of(new TestEvent.Numbered(k)));
          }
          plain.append(StreamId.of("batch-" + run), ExpectedVersion.any(), events);
        }) * 100;
      }
      report.append(String.format("batches of 100: raw unnest %7.0f events/s | store %7.0f events/s"
          + " (%.2fx)%n", median(rawBatches), median(storeBatches),
          medianRatio(storeBatches, rawBatches)));

      long total = db.count("SELECT count(*) FROM %s.events");
      JsonMapper mapper = JsonMapper.builder().build();
      long t0 = System.nanoTime();
      raw[0].setAutoCommit(false);
      long rawRows = 0;
      try (PreparedStatement read = raw[0].prepareStatement("SELECT (((tx::text)::bigint + 1) << 20)"
          + " | ordinal, stream_id, version, event_id, type, data::text, metadata::text, recorded_at"
          + " FROM \"" + db.schema + "\".events ORDER BY tx, ordinal")) {
        read.setFetchSize(1000);
        try (ResultSet rows = read.executeQuery()) {
          while (rows.next()) {
            rows.getLong(1);
            rows.getString(2);
            rows.getObject(4, UUID.class);
            mapper.readValue(rows.getString(6), TestEvent.Numbered.class);
            rows.getString(7);
            rows.getObject(8, java.time.OffsetDateTime.class);
            rawRows++;
          }
        }
      }
      raw[0].commit();
      double rawRead = rawRows / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      long storeRows = 0;
      GlobalPosition after = GlobalPosition.START;
      while (true) {
        List<RecordedEvent<?>> page = plain.readAll(after, 10_000);
        if (page.isEmpty()) {
          break;
        }
        storeRows += page.size();
        after = page.get(page.size() - 1).position();
      }
      double storeRead = storeRows / ((System.nanoTime() - t0) / 1e9);
      report.append(String.format("readAll of %d events in pages of 10,000, decoded: raw %7.0f/s | store %7.0f/s (%.2fx)%n",
          total, rawRead, storeRead, storeRead / rawRead));
      System.out.println(report);
      for (Connection c : raw) {
        c.close();
      }
    }
  }
}
