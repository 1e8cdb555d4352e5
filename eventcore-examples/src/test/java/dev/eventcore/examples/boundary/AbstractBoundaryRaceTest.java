package dev.eventcore.examples.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.StreamId;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.examples.boundary.BoundaryEvent.InvoiceCreated;
import dev.eventcore.examples.boundary.BoundaryEvent.StudentSubscribed;
import dev.eventcore.examples.boundary.BoundaryEvent.UserRegistered;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The examples' rules hold under real concurrent threads, on each adapter. */
abstract class AbstractBoundaryRaceTest {
  private static final int THREADS = 8;
  private final Supplier<EventStore> stores;
  private EventStore store;
  private DcbStore dcb;

  AbstractBoundaryRaceTest(Supplier<EventStore> stores) {
    this.stores = stores;
  }

  @BeforeEach
  void open() {
    store = stores.get();
    dcb = store.boundaries();
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Runs {@code task} on {@link #THREADS} threads released together; waits for all. */
  private static void race(ThrowingTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          task.run(thread);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface ThrowingTask {
    void run(int thread) throws Exception;
  }

  @Test
  void racingStudentsNeverOverfillACourseNorTakeTooMany() throws Exception {
    for (String course : List.of("maths", "art", "music", "latin", "greek")) {
      dcb.append(StreamId.of("course", course), List.of(Courses.defined(course, 3)));
    }
    List<String> courses = List.of("maths", "art", "music", "latin", "greek");
    race(thread -> {
      for (int i = 0; i < 20; i++) {
        try {
          Courses.subscribe(dcb, courses.get((thread + i) % 5), "s" + (i % 6));
        } catch (CommandRejectedException full) {
          // the rule said no: what the test is about
        }
      }
    });
    Map<String, Integer> seats = new HashMap<>();
    Map<String, Integer> taken = new HashMap<>();
    for (DcbEvent event : dcb.read(DcbQuery.of(QueryItem.types("StudentSubscribed"))).events()) {
      StudentSubscribed s = (StudentSubscribed) event.payload();
      seats.merge(s.courseId(), 1, Integer::sum);
      taken.merge(s.studentId(), 1, Integer::sum);
    }
    seats.forEach((course, n) -> assertTrue(n <= 3, course + " has " + n + " of 3 seats taken"));
    taken.forEach((student, n) -> assertTrue(n <= Courses.MAX_COURSES, student + " takes " + n));
    assertEquals(15, seats.values().stream().mapToInt(Integer::intValue).sum(),
        "five courses of three seats, six students of up to three courses: every seat taken");
  }

  @Test
  void racingRegistrationsLeaveOneHolderPerName() throws Exception {
    race(thread -> {
      for (int i = 0; i < 10; i++) {
        try {
          Usernames.register(dcb, "u-" + thread + "-" + i, "name-" + i);
        } catch (CommandRejectedException taken) {
          // another thread has it
        }
      }
    });
    Map<String, Integer> holders = new HashMap<>();
    for (DcbEvent event : dcb.read(DcbQuery.of(QueryItem.types("UserRegistered"))).events()) {
      holders.merge(((UserRegistered) event.payload()).username(), 1, Integer::sum);
    }
    assertEquals(10, holders.size());
    holders.forEach((name, n) -> assertEquals(1, n, name + " held by " + n + " users"));
  }

  @Test
  void racingNumberersLeaveNoGapAndNoDuplicate() throws Exception {
    race(thread -> {
      Invoices invoices = new Invoices(dcb); // one numberer per thread, as separate processes
      for (int i = 0; i < 15; i++) {
        invoices.create("c-" + thread, 100);
      }
    });
    List<Long> numbers = new ArrayList<>();
    for (DcbEvent event : dcb.read(DcbQuery.of(QueryItem.tags(Invoices.NUMBERING))).events()) {
      numbers.add(((InvoiceCreated) event.payload()).number());
    }
    numbers.sort(null);
    List<Long> expected = new ArrayList<>();
    for (long n = 1; n <= THREADS * 15; n++) {
      expected.add(n);
    }
    assertEquals(expected, numbers);
  }
}
