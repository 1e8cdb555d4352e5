package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eventcore.AppendResult;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.spi.BoundaryHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The racer harness of dynamic consistency boundaries: {@value #RACERS} deciders on overlapping
 * boundaries (two courses of two seats, four students of one course each, every round new), each
 * reading, deciding and appending on its read's condition, with commits deliberately staggered:
 * a random pause between read and append, and (through {@link BoundaryHooks}) between the
 * store's write and its commit, with its locks held. After every round a checker goes over
 * the full history: no course over capacity, no student over its limit, and no two accepted
 * appends each of whose conditions matches the other's event after its position (both decided
 * without the other: a double accept). Conflicts are counted and must occur.
 *
 * @since 0.2.0
 */
public abstract class DcbRacerContract extends StoreContract {
  /** Concurrent deciders per round. */
  protected static final int RACERS = 16;
  private static final int SEATS = 2;

  /** Rounds to run; every round all racers decide once. */
  protected abstract int rounds();

  /** An accepted append: its condition and the position of its event. */
  private record Accepted(String course, String student, AppendCondition condition,
      GlobalPosition position) {}

  @AfterEach
  void clearHook() {
    BoundaryHooks.clear();
  }

  @Test
  void racersOnOverlappingBoundariesNeverBothWin() throws Exception {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    BoundaryHooks.stallAfterCheck(() -> pauseOf(new SplittableRandom(System.nanoTime())));
    CyclicBarrier start = new CyclicBarrier(RACERS);
    List<List<Accepted>> accepted = new ArrayList<>();
    for (int r = 0; r < rounds(); r++) {
      accepted.add(Collections.synchronizedList(new ArrayList<>()));
    }
    AtomicLong conflicts = new AtomicLong();
    runConcurrently("dcb racers", RACERS, racer -> {
      SplittableRandom random = new SplittableRandom(42L * RACERS + racer);
      for (int round = 0; round < rounds(); round++) {
        start.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
        String course = "r" + round + "-c" + random.nextInt(2);
        String student = "r" + round + "-s" + random.nextInt(4);
        Tag courseTag = Tag.of("course", course);
        Tag studentTag = Tag.of("student", student);
        DcbQuery query = DcbQuery.of(QueryItem.tags(courseTag), QueryItem.tags(studentTag));
        DcbRead read = dcb.read(query);
        int seats = 0;
        boolean busy = false;
        for (DcbEvent event : read.events()) {
          seats += event.tags().contains(courseTag) ? 1 : 0;
          busy |= event.tags().contains(studentTag);
        }
        if (seats >= SEATS || busy) {
          continue;
        }
        pause(random);
        try {
          AppendResult result = dcb.append(StreamId.of("sub", "r" + round + "-" + racer),
              List.of(TaggedEvent.of(new ContractEvent.Renamed(course, student), courseTag,
                  studentTag)), read.condition());
          accepted.get(round).add(new Accepted(course, student, read.condition(),
              result.lastPosition()));
        } catch (AppendConditionFailedException e) {
          conflicts.incrementAndGet();
        }
      }
    });
    int total = check(store, accepted);
    assertTrue(conflicts.get() > 0, "racers on overlapping boundaries must conflict");
    System.out.printf("dcb racers: %d rounds of %d racers, %d appends accepted, %d conflicts,"
        + " no double accept%n", rounds(), RACERS, total, conflicts.get());
  }

  /** A pause of up to 2 ms, one time in four. */
  private static Duration pauseOf(SplittableRandom random) {
    return Duration.ofNanos(random.nextInt(4) == 0 ? random.nextInt(2_000_000) : 0);
  }

  private static void pause(SplittableRandom random) {
    LockSupport.parkNanos(pauseOf(random).toNanos());
  }

  /** Every invariant over the full history of the log; the appends accepted. */
  private static int check(EventStore store, List<List<Accepted>> rounds) {
    Map<GlobalPosition, RecordedEvent<?>> log = new HashMap<>();
    for (RecordedEvent<?> event : readWholeLog(store)) {
      log.put(event.position(), event);
    }
    int total = 0;
    for (List<Accepted> round : rounds) {
      Map<String, Integer> seats = new HashMap<>();
      Map<String, Integer> courses = new HashMap<>();
      for (Accepted a : round) {
        assertTrue(log.containsKey(a.position()), "an accepted append is in the log");
        seats.merge(a.course(), 1, Integer::sum);
        courses.merge(a.student(), 1, Integer::sum);
        for (Accepted b : round) {
          if (a != b && matchesAfter(log, a, b) && matchesAfter(log, b, a)) {
            fail("double accept: " + a + " and " + b + " each decided without the other");
          }
        }
      }
      seats.forEach((course, n) -> assertTrue(n <= SEATS, course + " has " + n + " seats taken"));
      courses.forEach((student, n) -> assertEquals(1, n, student + " took " + n + " courses"));
      total += round.size();
    }
    assertTrue(total > 0, "some appends were accepted");
    return total;
  }

  /** Whether {@code b}'s event matches {@code a}'s condition after its position. */
  private static boolean matchesAfter(Map<GlobalPosition, RecordedEvent<?>> log, Accepted a,
      Accepted b) {
    return b.position().value() > a.condition().after().value()
        && a.condition().failIfEventsMatch().matches(log.get(b.position()));
  }
}
