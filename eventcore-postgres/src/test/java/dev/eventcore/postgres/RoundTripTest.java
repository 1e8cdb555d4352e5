package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every append is one network round trip, whatever its number of events and streams. The pool's
 * liveness check of a connection idle for 500 ms (when the test thread stalled between two
 * appends) is a separate exchange, counted apart ({@link CountingSocketFactory#PROBES}).
 */
class RoundTripTest {

  private static List<EventData<?>> events(int count) {
    List<EventData<?>> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(EventData.of(new TestEvent.Numbered(i)));
    }
    return events;
  }

  @Test
  void anAppendIsOneRoundTripWithAndWithoutGroupCommit() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      for (boolean groupCommit : new boolean[] {false, true}) {
        try (PostgresEventStore store = db.builder()
            .jdbcUrl(PostgresTestDatabase.jdbcUrl() + "&sslmode=disable&socketFactory="
                + CountingSocketFactory.class.getName())
            .groupCommit(groupCommit)
            .build()) {
          CountingSocketFactory.countedPrefix =
              new String[] {Thread.currentThread().getName(), "eventcore-group-commit"};
          String tag = groupCommit ? "gc" : "plain";
          for (int warmup = 0; warmup < 10; warmup++) {
            store.append(StreamId.of("warm-" + tag), ExpectedVersion.any(), events(2));
          }
          int[] sizes = {1, 10, 1000};
          for (int size : sizes) {
            for (int repeat = 0; repeat < 5; repeat++) {
              long before = CountingSocketFactory.ROUND_TRIPS.get();
              store.append(StreamId.of("rt-" + tag + "-" + size), ExpectedVersion.any(), events(size));
              assertEquals(1, CountingSocketFactory.ROUND_TRIPS.get() - before,
                  size + " events, group commit " + groupCommit);
            }
          }
          for (int repeat = 0; repeat < 5; repeat++) {
            long before = CountingSocketFactory.ROUND_TRIPS.get();
            store.append(List.of(
                new StreamAppend(StreamId.of("m1-" + tag), ExpectedVersion.any(), events(100)),
                new StreamAppend(StreamId.of("m2-" + tag), ExpectedVersion.any(), events(100)),
                new StreamAppend(StreamId.of("m3-" + tag),
                    ExpectedVersion.exactly(Version.of(repeat * 100L)), events(100))));
            assertEquals(1, CountingSocketFactory.ROUND_TRIPS.get() - before,
                "three streams, group commit " + groupCommit);
          }
        } finally {
          CountingSocketFactory.countedPrefix = new String[0];
        }
      }
    }
  }
}
