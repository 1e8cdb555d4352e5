package dev.eventcore.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The background passes of a started job, and passes over more than a page. */
class RetentionJobLifecycleTest extends RetentionFixture {
  private final List<Thread> threads = new ArrayList<>();

  /** The test's clock, counting the passes (each reads it once); the first {@code failing} fail. */
  private static final class PassCounter extends Clock {
    private final Clock clock;
    private final int failing;
    final AtomicInteger passes = new AtomicInteger();

    PassCounter(Clock clock, int failing) {
      this.clock = clock;
      this.failing = failing;
    }

    @Override
    public Instant instant() {
      if (passes.incrementAndGet() <= failing) {
        throw new IllegalStateException("pass " + passes.get() + " fails");
      }
      return clock.instant();
    }

    @Override
    public ZoneId getZone() {
      return clock.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private RetentionJob.Builder job(Clock passes) {
    return RetentionJob.builder(store).rule(RetentionRule.maxCount("metric", 2)).clock(passes)
        .threadFactory(task -> {
          Thread thread = new Thread(task, "retention-under-test");
          thread.setDaemon(true);
          threads.add(thread);
          return thread;
        });
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(5);
    }
  }

  @Test
  void aStartedJobPassesOnceAnIntervalAndCloseEndsItsThread() throws Exception {
    fill(StreamId.of("metric-a"), 6);
    PassCounter passes = new PassCounter(clock, 0);
    RetentionJob job = job(passes).interval(Duration.ofHours(1)).build();

    job.start();
    await("the first pass truncated", () -> versions(StreamId.of("metric-a")).size() == 2);
    Thread thread = threads.get(0);
    await("the job waits for the next interval",
        () -> thread.getState() == Thread.State.TIMED_WAITING);
    assertEquals(1, passes.passes.get(), "one pass until the interval has passed");

    job.close();
    assertFalse(thread.isAlive(), "close() returns once the job's thread has ended");
    assertEquals(List.of(5L, 6L), versions(StreamId.of("metric-a")));
  }

  @Test
  void aFailedPassIsTriedAgainAfterTheInterval() throws Exception {
    fill(StreamId.of("metric-a"), 6);
    PassCounter passes = new PassCounter(clock, 1);
    RetentionJob job = job(passes).interval(Duration.ofSeconds(1)).build();

    job.start();
    await("the second pass truncated", () -> versions(StreamId.of("metric-a")).size() == 2);
    job.close();
    assertEquals(2, passes.passes.get(), "the failed pass and the one after it");
  }

  @Test
  void aCallerInterruptedWhileClosingStaysInterrupted() throws Exception {
    RetentionJob job = job(clock).interval(Duration.ofHours(1)).build();
    job.start();
    Thread thread = threads.get(0);
    await("the job waits for the next interval",
        () -> thread.getState() == Thread.State.TIMED_WAITING);

    Thread.currentThread().interrupt();
    try {
      job.close();
      assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt is kept");
    } finally {
      Thread.interrupted();
    }
    thread.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(thread.isAlive(), "the job's thread ends all the same");
  }

  @Test
  void startingTwiceOrAfterCloseIsRefusedAndClosingAnUnstartedJobIsFine() {
    RetentionJob job = job(clock).build();
    job.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class, job::start);
    assertEquals("the retention job is closed", closed.getMessage());
    assertTrue(threads.isEmpty(), "no thread was made");

    RetentionJob other = job(clock).interval(Duration.ofHours(1)).build();
    other.start();
    IllegalStateException twice = assertThrows(IllegalStateException.class, other::start);
    assertEquals("started already", twice.getMessage());
    other.close();
    assertEquals(1, threads.size());
  }

  @Test
  void theIntervalMayBeOneSecondToOneDay() {
    RetentionJob.Builder builder = job(clock);
    builder.interval(Duration.ofSeconds(1)).interval(Duration.ofDays(1));
    assertThrows(IllegalArgumentException.class,
        () -> builder.interval(Duration.ofSeconds(1).minusNanos(1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder.interval(Duration.ofDays(1).plusNanos(1)));
    assertEquals("interval must be 1 s to 1 day but was PT24H0.000000001S", e.getMessage());
  }

  @Test
  void aSecondRuleOfTheSameKindNamesTheKindItRepeats() {
    RetentionJob.Builder builder = RetentionJob.builder(store)
        .rule(RetentionRule.maxCount("metric", 5))
        .rule(RetentionRule.maxCount("metric", 9).archiving());
    IllegalArgumentException removing = assertThrows(IllegalArgumentException.class,
        () -> builder.rule(RetentionRule.maxAge("metric", Duration.ofDays(1))));
    assertTrue(removing.getMessage().startsWith("category 'metric' has a removing rule already"),
        removing.getMessage());
    IllegalArgumentException archiving = assertThrows(IllegalArgumentException.class,
        () -> builder.rule(RetentionRule.maxAge("metric", Duration.ofDays(1)).archiving()));
    assertTrue(archiving.getMessage().startsWith("category 'metric' has an archiving rule"),
        archiving.getMessage());
  }

  @Test
  void aPassListsEveryStreamOfACategoryPastTheFirstPage() {
    for (int s = 0; s < 1_001; s++) {
      StreamId stream = StreamId.of("metric-" + s);
      store.append(stream, ExpectedVersion.any(),
          List.of(EventData.of(new Ping(1)), EventData.of(new Ping(2))));
    }
    RetentionJob job = RetentionJob.builder(store)
        .rule(RetentionRule.maxCount("metric", 1)).clock(clock).build();

    assertEquals(new RetentionRun(1_001, 1_001, 1_001, 0, 0), job.runOnce());
    assertEquals(List.of(2L), versions(StreamId.of("metric-1000")));
  }

  @Test
  void anAgeLimitFindsTheFirstYoungEnoughEventPastTheFirstPage() {
    fill(StreamId.of("session-a"), 1_005); // versions 1..1005 at minutes 0..1004
    fill(StreamId.of("session-b"), 2); // at minutes 1005 and 1006; the clock stands at 1007
    RetentionJob job = RetentionJob.builder(store).clock(clock)
        .rule(RetentionRule.maxAge("session", Duration.ofMinutes(5))).build();

    // cutoff minute 1002: session-a keeps versions 1003..1005, session-b all
    assertEquals(new RetentionRun(2, 1, 1_002, 0, 0), job.runOnce());
    assertEquals(List.of(1_003L, 1_004L, 1_005L), versions(StreamId.of("session-a")));
    assertEquals(List.of(1L, 2L), versions(StreamId.of("session-b")));
  }
}
