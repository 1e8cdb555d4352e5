package dev.eventcore.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.eventcore.EventFilter;
import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The projection package's values, filters, pages and the in-process lease. */
class ProjectionValuesTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private static RecordedEvent<String> event(long position, String stream, String type) {
    return new RecordedEvent<>(GlobalPosition.of(position), StreamId.of(stream), Version.of(1),
        EventId.random(), type, "payload", Metadata.empty(), T0);
  }

  @Test
  void filtersMatchByCategoryAndTypeAndEmptyMeansAny() {
    RecordedEvent<String> placed = event(1, "order-1", "OrderPlaced");
    assertTrue(EventFilter.all().matches(placed));
    assertTrue(EventFilter.categories("order").matches(placed));
    assertFalse(EventFilter.categories("user").matches(placed));
    assertTrue(EventFilter.types("OrderPlaced").withCategories("order", "user").matches(placed));
    assertFalse(EventFilter.categories("order").withTypes("OrderShipped").matches(placed));
    // the same answers from a stream and a type, before any event is made
    EventFilter orders = EventFilter.categories("order").withTypes("OrderPlaced");
    assertTrue(orders.matches(StreamId.of("order-1"), "OrderPlaced"));
    assertFalse(orders.matches(StreamId.of("user-1"), "OrderPlaced"));
    assertFalse(orders.matches(StreamId.of("order-1"), "OrderShipped"));
    assertTrue(EventFilter.all().matches(StreamId.of("x"), "Any"));
    assertThrows(NullPointerException.class, () -> orders.matches(null, "OrderPlaced"));
    assertThrows(NullPointerException.class, () -> orders.matches(StreamId.of("order-1"), null));
    assertEquals(Set.of("order"), EventFilter.categories("order").categories());
    assertThrows(IllegalArgumentException.class, () -> EventFilter.categories("order-1"));
    assertThrows(IllegalArgumentException.class, () -> EventFilter.categories(""));
    assertThrows(IllegalArgumentException.class, () -> EventFilter.types(new String[0]));
    assertThrows(NullPointerException.class, () -> EventFilter.types((String) null));
  }

  @Test
  void aPageNeverClaimsToHaveScannedLessThanItReturned() {
    List<RecordedEvent<?>> events = List.of(event(3, "order-1", "A"), event(7, "user-1", "B"));
    assertThrows(IllegalArgumentException.class, () -> new LogPage(events, GlobalPosition.of(6)));
    LogPage filtered = LogPage.filter(events, GlobalPosition.of(2), EventFilter.categories("order"));
    assertEquals(1, filtered.events().size());
    assertEquals(GlobalPosition.of(7), filtered.scannedTo(), "scanned past the user event");
    assertEquals(GlobalPosition.of(2),
        LogPage.filter(List.of(), GlobalPosition.of(2), EventFilter.all()).scannedTo());
  }

  @Test
  void checkpointsStartAtRevisionZeroAndCountSaves() {
    Checkpoint initial = Checkpoint.initial("p");
    assertFalse(initial.isStored());
    Checkpoint next = initial.next(GlobalPosition.of(4), 3);
    assertEquals(new Checkpoint("p", GlobalPosition.of(4), 1, 3), next);
    assertTrue(next.isStored());
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint("p", GlobalPosition.START, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.initial("bad\u0000name"));
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.initial("x".repeat(201)));
  }

  @Test
  void inProcessLeasesAreExclusiveAndTheirTokensIncrease() {
    ProjectionLease leases = ProjectionLease.inProcess();
    Lease first = leases.tryAcquire("p", "a").orElseThrow();
    assertEquals(Optional.empty(), leases.tryAcquire("p", "b"));
    assertTrue(leases.tryAcquire("q", "b").isPresent(), "leases are per projection");
    assertTrue(first.renew());
    first.close();
    first.close();
    assertFalse(first.renew(), "a released lease cannot be renewed");
    Lease second = leases.tryAcquire("p", "b").orElseThrow();
    assertTrue(second.fencingToken() > first.fencingToken());
  }

  @Test
  void expiringLeasesCanBeTakenOverAndTheLoserNoticesOnRenewal() {
    MutableClock clock = new MutableClock();
    ProjectionLease leases = ProjectionLease.inProcess(Duration.ofSeconds(10), clock);
    Lease first = leases.tryAcquire("p", "a").orElseThrow();
    clock.now = T0.plusSeconds(9);
    assertTrue(first.renew(), "renewed before expiry: now valid until T0+19s");
    clock.now = T0.plusSeconds(18);
    assertEquals(Optional.empty(), leases.tryAcquire("p", "b"));
    clock.now = T0.plusSeconds(19);
    Lease second = leases.tryAcquire("p", "b").orElseThrow();
    assertFalse(first.renew());
    assertEquals(first.fencingToken() + 1, second.fencingToken());
    assertThrows(IllegalArgumentException.class,
        () -> ProjectionLease.inProcess(Duration.ZERO, clock));
  }

  @Test
  void rebuildProgressEstimatesTheTimeLeftFromTheRate() {
    qt().withFixedSeed(61L)
        .forAll(longs().between(1, 1_000_000), integers().between(0, 100), integers().between(1, 3600))
        .checkAssert((total, percent, seconds) -> {
          long done = total * percent / 100;
          RebuildTracker tracker = new RebuildTracker(total, 10, T0);
          RebuildProgress progress = tracker.progress("p", 10 + done, T0.plusSeconds(seconds), false);
          assertEquals(done, progress.done());
          assertEquals(done / (double) seconds, progress.eventsPerSecond(), 1e-9);
          assertTrue(progress.fraction() >= 0.0 && progress.fraction() <= 1.0);
          if (done == total) {
            assertEquals(Optional.of(Duration.ZERO), progress.eta());
          } else if (done == 0) {
            assertEquals(Optional.empty(), progress.eta(), "no rate, no estimate");
          } else {
            double expected = (total - done) * (double) seconds / done;
            assertEquals(expected, progress.eta().orElseThrow().toMillis() / 1000.0, 0.01);
          }
        });
  }

  @Test
  void theRateMeterMeasuresOverItsWindow() {
    RateMeter meter = new RateMeter();
    assertEquals(0.0, meter.perSecond());
    for (int second = 0; second <= 20; second++) {
      meter.sample(T0.plusSeconds(second), second * 100L);
    }
    assertEquals(100.0, meter.perSecond(), 1e-9);
    meter.reset();
    assertEquals(0.0, meter.perSecond());
  }

  @Test
  void theRateMeterForgetsSamplesPastItsWindowButAlwaysKeepsTwo() {
    RateMeter meter = new RateMeter();
    meter.sample(T0, 0);
    meter.sample(T0.plusSeconds(6), 60);
    assertEquals(10.0, meter.perSecond(), 1e-9, "two samples are kept however far apart");
    meter.reset();
    meter.sample(T0, 0);
    meter.sample(T0.plusSeconds(1), 100);
    meter.sample(T0.plusSeconds(5), 140);
    assertEquals(28.0, meter.perSecond(), 1e-9, "a sample exactly 5 s old is still in the window");
    meter.sample(T0.plusSeconds(6), 150);
    assertEquals(10.0, meter.perSecond(), 1e-9, "the one older than 5 s is dropped");
  }

  @Test
  void rebuildProgressAtItsEdges() {
    RebuildTracker tracker = new RebuildTracker(10, 0, T0);
    RebuildProgress atOnce = tracker.progress("p", 4, T0, false);
    assertEquals(0.0, atOnce.eventsPerSecond(), "no time passed: no rate");
    assertEquals(Optional.empty(), atOnce.eta());
    assertEquals(0.4, atOnce.fraction(), 1e-9);
    assertEquals(Optional.of(Duration.ZERO), tracker.progress("p", 10, T0, false).eta(),
        "every event done in the instant the rebuild began: nothing left, no rate needed");
    RebuildProgress allDone = tracker.progress("p", 10, T0.plusSeconds(2), false);
    assertEquals(Optional.of(Duration.ZERO), allDone.eta(), "every event done, not yet finished");
    assertEquals(1.0, allDone.fraction(), 1e-9);
    assertEquals(1.0, new RebuildProgress("p", 12, 10, 1.0, Optional.empty(), false).fraction());
    assertEquals(1.0, new RebuildProgress("p", 0, 0, 0.0, Optional.empty(), true).fraction());
    assertThrows(IllegalArgumentException.class,
        () -> new RebuildProgress("p", -1, 0, 0.0, Optional.empty(), false));
    assertThrows(IllegalArgumentException.class,
        () -> new RebuildProgress("p", 0, -1, 0.0, Optional.empty(), false));
    assertEquals("projection p failed",
        ProjectionError.of("projection p failed", GlobalPosition.of(3), T0).toString());
  }

  @Test
  void projectionNamesHaveOneTo200CharsWithoutControlCharactersOrSurroundingBlanks() {
    String longest = "p".repeat(200);
    assertEquals(longest, Projection.of(longest, event -> { }).name());
    assertEquals(longest, Checkpoint.initial(longest).projection());
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.initial(longest + "p"));
    assertEquals("projection must be 1..200 chars but has 201", tooLong.getMessage());
    assertEquals("projection must be 1..200 chars but has 0",
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.initial("")).getMessage());
    assertEquals("projection must not start or end with whitespace: 'p '",
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.initial("p ")).getMessage());
    assertEquals("projection must not contain control characters (found U+0007 at index 2)",
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.initial("ab\u0007c"))
            .getMessage());
  }

  @Test
  void errorPoliciesAndRecordsValidate() {
    assertEquals(5, ErrorPolicy.defaults().retry().maxAttempts());
    assertTrue(ErrorPolicy.defaults() instanceof ErrorPolicy.RetryThenStop);
    assertThrows(NullPointerException.class,
        () -> ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), null));
    RecordedEvent<String> poison = event(9, "order-1", "A");
    DeadLetter letter = DeadLetter.of("p", poison, 3, new IllegalStateException("x"), T0);
    assertEquals(GlobalPosition.of(9), letter.position());
    assertEquals("java.lang.IllegalStateException: x", letter.error());
    ProjectionError error = ProjectionError.onEvent("p", poison, 3, new IllegalStateException("x"), T0);
    assertEquals(Optional.of(StreamId.of("order-1")), error.stream());
    assertTrue(error.message().contains("order-1@1") && error.message().contains("position 9"),
        error.message());
  }

  private static final class MutableClock extends Clock {
    private volatile Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
