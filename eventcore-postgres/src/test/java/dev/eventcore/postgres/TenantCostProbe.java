package dev.eventcore.postgres;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a tenant's store costs next to a store without tenants, on the same server in the same run
 * (rounds interleaved): a probe, not a test; run it with {@code -Dtest=TenantCostProbe}. The plain
 * store is a superuser's in a schema without tenants; the tenant's store logs in as its role, with
 * row-level security forced, in a schema where another tenant holds 100,000 events.
 */
class TenantCostProbe {
  private static final long MILLIS = 2_000;
  private static final int ROUNDS = 5;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  interface Work {
    void run(int thread, long i);
  }

  private static double rate(int threads, Work work) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long end = System.currentTimeMillis() + MILLIS;
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      all.add(new Thread(() -> {
        while (System.currentTimeMillis() < end) {
          work.run(thread, SEQUENCE.incrementAndGet());
          done.incrementAndGet();
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

  private static List<EventData<?>> events(int n) {
    List<EventData<?>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(EventData.of(new TestEvent.Numbered(i)));
    }
    return out;
  }

  private static void fill(EventStore store, String stream, int streams) {
    for (int s = 0; s < streams; s++) {
      store.append(StreamId.of(stream + s), ExpectedVersion.noStream(), events(100));
    }
  }

  @Test
  void tenantCost() throws Exception {
    PostgresTestDatabase plainDb = PostgresTestDatabase.newSchema();
    try (TenantSchema schema = TenantSchema.create();
        PostgresEventStore plain = plainDb.builder().maxPoolSize(10).build()) {
      try (PostgresEventStore other =
          schema.tenantStore("other", schema.registeredRole("other")).build()) {
        fill(other, "bulk-", 1000);
      }
      PostgresEventStore tenant =
          schema.tenantStore("acme", schema.registeredRole("acme")).build();
      schema.superuser("ANALYZE %s.events");
      fill(plain, "read-", 10);
      fill(tenant, "read-", 10);
      String[] names = {"append t=1", "append t=8", "readStream 100", "readAll 1000"};
      double[][] ratios = new double[names.length][ROUNDS];
      for (int round = -1; round < ROUNDS; round++) { // round -1 warms up
        for (int w = 0; w < names.length; w++) {
          double[] pair = new double[2];
          for (int s = 0; s < 2; s++) {
            EventStore store = s == 0 ? plain : tenant;
            pair[s] = switch (w) {
              case 0 -> rate(1, (t, i) -> store.append(StreamId.of("one-" + i),
                  ExpectedVersion.noStream(), events(1)));
              case 1 -> rate(8, (t, i) -> store.append(StreamId.of("eight-" + i),
                  ExpectedVersion.noStream(), events(1)));
              case 2 -> rate(1, (t, i) -> store.readStream(StreamId.of("read-" + (i % 10))));
              default -> rate(1, (t, i) -> store.readAll(GlobalPosition.START, 1000));
            };
          }
          if (round >= 0) {
            ratios[w][round] = pair[1] / pair[0];
            System.out.printf("round %d %-15s plain %8.0f/s tenant %8.0f/s ratio %.2f%n",
                round, names[w], pair[0], pair[1], pair[1] / pair[0]);
          }
        }
      }
      for (int w = 0; w < names.length; w++) {
        double[] sorted = ratios[w].clone();
        Arrays.sort(sorted);
        System.out.printf("%-15s tenant/plain median %.2f (min %.2f, max %.2f)%n", names[w],
            sorted[ROUNDS / 2], sorted[0], sorted[ROUNDS - 1]);
      }
      tenant.close();
    } finally {
      plainDb.close();
    }
  }
}
