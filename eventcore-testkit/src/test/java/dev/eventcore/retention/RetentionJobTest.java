package dev.eventcore.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetentionJobTest extends RetentionFixture {
  @Test
  void aMaxCountKeepsEachStreamsNewestEventsAndLeavesOtherCategoriesAlone() {
    fill(StreamId.of("metric-a"), 10);
    fill(StreamId.of("metric-b"), 3);
    fill(StreamId.of("order-1"), 10);
    RetentionJob job = RetentionJob.builder(store)
        .rule(RetentionRule.maxCount("metric", 4)).clock(clock).build();

    assertEquals(new RetentionRun(2, 1, 6, 0, 0), job.runOnce());

    assertEquals(List.of(7L, 8L, 9L, 10L), versions(StreamId.of("metric-a")));
    assertEquals(List.of(1L, 2L, 3L), versions(StreamId.of("metric-b")));
    assertEquals(10, versions(StreamId.of("order-1")).size());
    assertEquals(new RetentionRun(2, 0, 0, 0, 0), job.runOnce(), "a second pass has nothing to do");
    store.append(StreamId.of("metric-a"), ExpectedVersion.exactly(Version.of(10)),
        List.of(EventData.of(new Ping(99))));
    assertEquals(new RetentionRun(2, 1, 1, 0, 0), job.runOnce());
  }

  @Test
  void aMaxAgeRemovesOlderEventsAndAnOldStreamKeepsItsLastOne() {
    fill(StreamId.of("session-a"), 10); // 00:00 .. 00:09
    fill(StreamId.of("session-b"), 5); // 00:10 .. 00:14
    clock.advance(Duration.ofMinutes(5)); // 00:20
    RetentionJob job = RetentionJob.builder(store)
        .rule(RetentionRule.maxAge("session", Duration.ofMinutes(8))).clock(clock).build();

    RetentionRun run = job.runOnce(); // cutoff 00:12

    assertEquals(List.of(10L), versions(StreamId.of("session-a")), "all old: the last one stays");
    assertEquals(List.of(3L, 4L, 5L), versions(StreamId.of("session-b")));
    assertEquals(new RetentionRun(2, 2, 9 + 2, 0, 0), run);
    for (RecordedEvent<?> event : store.readAll(GlobalPosition.START, 100)) {
      assertTrue(event.version().value() >= 3, "the log lost the removed events: " + event);
    }
  }

  @Test
  void bothLimitsRemoveWhicheverIsMore() {
    fill(StreamId.of("log-a"), 10); // 00:00 .. 00:09
    // the clock stands at 00:10
    RetentionJob job = RetentionJob.builder(store).clock(clock)
        .rule(RetentionRule.maxCount("log", 8).andMaxAge(Duration.ofMinutes(5))).build();
    job.runOnce(); // count keeps from 3, age from 6
    assertEquals(List.of(6L, 7L, 8L, 9L, 10L), versions(StreamId.of("log-a")));
  }

  @Test
  void anArchivingRuleMovesOldEventsWhereEveryReadStillFindsThem() {
    fill(StreamId.of("order-a"), 10); // 00:00 .. 00:09
    fill(StreamId.of("order-b"), 2); // 00:10 .. 00:11
    List<RecordedEvent<?>> log = store.readAll(GlobalPosition.START, 100);
    RetentionJob job = RetentionJob.builder(store).clock(clock)
        .rule(RetentionRule.maxAge("order", Duration.ofMinutes(7)).archiving())
        .rule(RetentionRule.maxCount("order", 6))
        .build();

    // cutoff 00:05: order-a archives 1..5, then keeps its newest 6 (removes 1..4)
    assertEquals(new RetentionRun(4, 1, 4, 1, 5), job.runOnce());

    assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), versions(StreamId.of("order-a")));
    assertEquals(log.subList(4, 12), store.readAll(GlobalPosition.START, 100));
    assertEquals(new RetentionRun(4, 0, 0, 0, 0), job.runOnce(), "nothing left to do");
    clock.advance(Duration.ofMinutes(10));
    assertEquals(new RetentionRun(4, 0, 0, 2, 4 + 1), job.runOnce(), "all but each last one");
    assertEquals(log.subList(4, 12), store.readAll(GlobalPosition.START, 100));
  }

  @Test
  void passesRacingOnSeveralInstancesRemoveEachEventOnce() throws Exception {
    for (int s = 0; s < 20; s++) {
      fill(StreamId.of("metric-" + s), 30);
    }
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<RetentionRun>> runs = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      RetentionJob job = RetentionJob.builder(store)
          .rule(RetentionRule.maxCount("metric", 5)).clock(clock).build();
      runs.add(pool.submit(() -> {
        start.await();
        return job.runOnce();
      }));
    }
    start.countDown();
    long removed = 0;
    for (Future<RetentionRun> run : runs) {
      removed += run.get(30, TimeUnit.SECONDS).eventsRemoved();
    }
    pool.shutdown();
    assertEquals(20 * 25, removed, "every event removed once, by one instance or another");
    assertEquals(20 * 5, store.readAll(GlobalPosition.START, 10_000).size());
  }

  @Test
  void aStartedJobRunsUntilClosedAndDeletedStreamsAreSkipped() throws Exception {
    fill(StreamId.of("metric-a"), 6);
    fill(StreamId.of("metric-gone"), 6);
    store.deleteStream(StreamId.of("metric-gone"), ExpectedVersion.any());
    RetentionJob job = RetentionJob.builder(store)
        .rule(RetentionRule.maxCount("metric", 2)).interval(Duration.ofSeconds(1)).build();
    job.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (versions(StreamId.of("metric-a")).size() > 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    job.close();
    assertEquals(List.of(5L, 6L), versions(StreamId.of("metric-a")));
    assertThrows(IllegalStateException.class, job::start, "closed");
    job.close(); // idempotent
  }

  @Test
  void badRulesAndSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> RetentionRule.maxCount("metric", 0));
    assertThrows(IllegalArgumentException.class,
        () -> RetentionRule.maxAge("metric", Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> RetentionRule.maxCount("metric-1", 5), "a category has no '-'");
    assertThrows(IllegalArgumentException.class, () -> RetentionRule.maxCount("", 5));
    assertThrows(NullPointerException.class, () -> RetentionRule.maxAge("metric", null));
    assertThrows(IllegalStateException.class, () -> RetentionJob.builder(store).build());
    RetentionJob.Builder builder =
        RetentionJob.builder(store).rule(RetentionRule.maxCount("metric", 5));
    assertThrows(IllegalArgumentException.class,
        () -> builder.rule(RetentionRule.maxAge("metric", Duration.ofDays(1))));
    builder.rule(RetentionRule.maxAge("metric", Duration.ofDays(1)).archiving());
    assertThrows(IllegalArgumentException.class,
        () -> builder.rule(RetentionRule.maxCount("metric", 9).archiving()));
    assertEquals(2, builder.build().rules().size());
    assertThrows(IllegalArgumentException.class, () -> builder.interval(Duration.ofMillis(10)));
    assertThrows(NullPointerException.class, () -> RetentionJob.builder(null));
  }
}
