package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
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
    raceForSeats(store, store.boundaries());
  }

  /**
   * The same race, each decision on a read through one shared {@link DcbStore#cached cache}: a
   * cached read must be as safe to decide on as a fresh one.
   */
  @Test
  void racersReadingThroughACacheNeverBothWin() throws Exception {
    EventStore store = openStore();
    raceForSeats(store, store.boundaries().cached(10_000));
  }

  private void raceForSeats(EventStore store, DcbStore dcb) throws Exception {
    BoundaryHooks.stallAfterCheck(() -> pauseOf(new SplittableRandom(System.nanoTime())));
    CyclicBarrier start = new CyclicBarrier(RACERS);
    List<List<Accepted>> accepted = new ArrayList<>();
    for (int r = 0; r < rounds(); r++) {
      accepted.add(Collections.synchronizedList(new ArrayList<>()));
    }
    AtomicLong conflicts = new AtomicLong();
    runConcurrently("dcb racers", RACERS, racer -> breaksTheBarrierOnFailure(start, () -> {
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
    }));
    int total = check(store, accepted);
    assertTrue(conflicts.get() > 0, "racers on overlapping boundaries must conflict");
    System.out.printf("dcb racers: %d rounds of %d racers, %d appends accepted, %d conflicts,"
        + " no double accept%n", rounds(), RACERS, total, conflicts.get());
  }

  /**
   * Both styles on one stream: per round two accounts opened with three units each; half the
   * racers withdraw a unit with a stream command (read the stream, append at its version), half
   * with a boundary decision on the account's implicit stream tag, and one round in four on a
   * types-only condition (every deposit or withdrawal anywhere: the log's table lock). No account
   * may ever go below zero.
   */
  @Test
  void streamCommandsAndBoundaryDecisionsOnOneStreamNeverOverdraw() throws Exception {
    EventStore store = openStore();
    raceToWithdraw(store, store.boundaries());
  }

  /** The same, the boundary decisions on reads through a cache the stream commands bypass. */
  @Test
  void streamCommandsAndCachedBoundaryDecisionsNeverOverdraw() throws Exception {
    EventStore store = openStore();
    raceToWithdraw(store, store.boundaries().cached(10_000));
  }

  private void raceToWithdraw(EventStore store, DcbStore dcb) throws Exception {
    BoundaryHooks.stallAfterCheck(() -> pauseOf(new SplittableRandom(System.nanoTime())));
    int rounds = Math.max(1, rounds() / 5);
    for (int round = 0; round < rounds; round++) {
      for (int a = 0; a < 2; a++) {
        store.append(account(round, a), ExpectedVersion.noStream(), List.of(EventData.of(
            new ContractEvent.Deposited("a", 300, 0, List.of()))));
      }
    }
    CyclicBarrier start = new CyclicBarrier(RACERS);
    AtomicLong conflicts = new AtomicLong();
    AtomicLong transients = new AtomicLong();
    runConcurrently("dcb and stream racers", RACERS, racer -> breaksTheBarrierOnFailure(start, () -> {
      SplittableRandom random = new SplittableRandom(7L * RACERS + racer);
      for (int round = 0; round < rounds; round++) {
        start.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
        StreamId account = account(round, random.nextInt(2));
        EventData<ContractEvent> withdrawal =
            EventData.of(new ContractEvent.Deposited("a", -100, 0, List.of()));
        if (racer % 2 == 0) {
          List<RecordedEvent<?>> history = store.readStream(account);
          if (balance(history) >= 100) {
            pause(random);
            try {
              store.append(account, ExpectedVersion.exactly(Version.of(history.size())),
                  List.of(withdrawal));
            } catch (WrongExpectedVersionException e) {
              conflicts.incrementAndGet();
            } catch (TransientStoreException e) {
              transients.incrementAndGet(); // a deadlock the server broke: nothing written
            }
          }
          continue;
        }
        DcbQuery query = round % 4 == 3 ? DcbQuery.of(QueryItem.types("Deposited"))
            : DcbQuery.of(QueryItem.tags(Tag.stream(account)));
        DcbRead read = dcb.read(query);
        List<RecordedEvent<?>> mine = new ArrayList<>();
        for (DcbEvent event : read.events()) {
          if (event.event().streamId().equals(account)) {
            mine.add(event.event());
          }
        }
        if (balance(mine) >= 100) {
          pause(random);
          try {
            dcb.append(account, List.of(TaggedEvent.of(withdrawal)), read.condition());
          } catch (AppendConditionFailedException e) {
            conflicts.incrementAndGet();
          } catch (TransientStoreException e) {
            transients.incrementAndGet(); // a deadlock the server broke, a lock wait cut short
          }
        }
      }
    }));
    for (int round = 0; round < rounds; round++) {
      for (int a = 0; a < 2; a++) {
        long balance = balance(store.readStream(account(round, a)));
        assertTrue(balance >= 0, account(round, a) + " overdrawn: " + balance);
      }
    }
    assertTrue(conflicts.get() > 0, "racers on one stream must conflict");
    System.out.printf("dcb and stream racers: %d rounds of %d racers, %d conflicts, %d transient"
        + " failures, no account overdrawn%n", rounds, RACERS, conflicts.get(), transients.get());
  }

  /** Runs {@code body}; if it fails, breaks {@code barrier} so that the other racers stop too. */
  private static void breaksTheBarrierOnFailure(CyclicBarrier barrier, ConcurrentBody body)
      throws Exception {
    try {
      body.run();
    } catch (Exception | Error e) {
      barrier.reset();
      throw e;
    }
  }

  /** A racer's work. */
  @FunctionalInterface
  private interface ConcurrentBody {
    void run() throws Exception;
  }

  private static StreamId account(int round, int a) {
    return StreamId.of("acct", "r" + round + "-" + a);
  }

  private static long balance(List<RecordedEvent<?>> history) {
    long cents = 0;
    for (RecordedEvent<?> event : history) {
      cents += ((ContractEvent.Deposited) event.payload()).amountCents();
    }
    return cents;
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
