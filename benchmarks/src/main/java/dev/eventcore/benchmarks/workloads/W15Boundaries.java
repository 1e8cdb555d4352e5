package dev.eventcore.benchmarks.workloads;

import dev.eventcore.AppendResult;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.benchmarks.events.Accounts.Account;
import dev.eventcore.benchmarks.events.Accounts.Post;
import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.Bench.StoreHandle;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Series;
import dev.eventcore.benchmarks.harness.Workload;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W15: dynamic consistency boundaries on PostgreSQL, on a store grown to the profile's size (10M
 * events in full, {@value #QUICK_SIZE} in quick) with {@value #TAGGED} tagged events among them.
 * A conditional append with a two-tag query against an unconditional single append (W1's
 * operation), target cost ≤ 2× (rate ≥ 0.5×); a boundary command (read two tags, fold, decide,
 * append on the read's condition; {@value #COURSES} courses and {@value #STUDENTS} students
 * drawn at random) against a stream command (W6's operation without snapshots, 1,000 aggregates),
 * target rate ≥ 0.5×; the same boundary command reading through {@code DcbStore.cached}, which
 * reads only each course's and student's events since its last read of them. Conflicts are
 * counted, and false ones apart: a conflict on an event whose append had returned before the read
 * began (the read's horizon hid it).
 */
public final class W15Boundaries implements Workload {
  static final long QUICK_SIZE = 200_000;
  static final int TAGGED = 100_000;
  static final int COURSES = 1_000;
  static final int STUDENTS = 5_000;
  /** Room for every course's and student's events in the cached command case. */
  static final long CACHED_EVENTS = 500_000;
  private static final String CONFLICTS = "conflicts";
  private static final String FALSE_CONFLICTS = "false conflicts";
  private static final String UNCONDITIONAL = "eventcore unconditional append";
  private static final String STREAM_COMMAND = "eventcore stream command";

  @Override
  public String id() {
    return "W15";
  }

  @Override
  public String title() {
    return "boundaries: conditional appends and boundary commands on a grown store";
  }

  @Override
  public void run(Bench bench) throws Exception {
    long size = bench.profile().growthEvents() > 0 ? bench.profile().growthEvents() : QUICK_SIZE;
    try (StoreHandle handle = bench.openStore(false)) {
      EventStore store = handle.store();
      DcbStore dcb = store.boundaries();
      bench.progress(String.format(Locale.ROOT, "  growing the store to %,d events", size));
      LibraryLoads.prefill(store, "dcb-grow", (int) Math.max(1, (size - TAGGED) / 1_000), 1_000);
      for (int i = 0; i < TAGGED; i += 100) {
        List<TaggedEvent> batch = new ArrayList<>(100);
        for (int k = i; k < i + 100; k++) {
          batch.add(TaggedEvent.of(Payloads.data("dcb-hist", k + 1), course(k % COURSES),
              student(k % STUDENTS)));
        }
        dcb.append(StreamId.of("dcb-hist-" + i / 100), batch);
      }
      LibraryLoads.prefill(store, "dcb-cmd", W6Commands.AGGREGATES, W6Commands.HISTORY);
      AggregateRepository<Post, Account, BenchEvent> accounts =
          CommandLoads.repository(store, Optional.empty(), W6Commands.SNAPSHOT_EVERY);
      for (int threads : List.of(1, 16)) {
        LoadPlan plan = bench.profile().plan(threads);
        CaseResult appends = bench.newCase(id(), id() + " conditional append threads=" + threads)
            .param("threads", threads).param("events", size)
            .baseline(UNCONDITIONAL, bench.trial(plan, LibraryLoads.singleAppends(store)))
            .subject(Labels.EVENTCORE, bench.trial(plan, conditionalAppends(dcb)))
            .run();
        bench.record(noted(appends, "conditional append (2-tag query) at ≥ 0.5 × the"
            + " unconditional append's rate", UNCONDITIONAL));
        CaseResult commands = bench.newCase(id(), id() + " command threads=" + threads)
            .param("threads", threads).param("events", size)
            .baseline(STREAM_COMMAND, bench.trial(plan,
                CommandLoads.commands(accounts, "dcb-cmd", W6Commands.AGGREGATES)))
            .subject(Labels.EVENTCORE, bench.trial(plan, commands(dcb)))
            .run();
        bench.record(noted(commands, "boundary command at ≥ 0.5 × the stream command's rate",
            STREAM_COMMAND));
        CaseResult cached = bench.newCase(id(), id() + " cached command threads=" + threads)
            .param("threads", threads).param("events", size)
            .baseline(STREAM_COMMAND, bench.trial(plan,
                CommandLoads.commands(accounts, "dcb-cmd", W6Commands.AGGREGATES)))
            .subject(Labels.EVENTCORE, bench.trial(plan, commands(dcb.cached(CACHED_EVENTS))))
            .run();
        bench.record(noted(cached, "boundary command reading through DcbStore.cached at ≥ 0.5 ×"
            + " the stream command's rate", STREAM_COMMAND));
      }
    }
  }

  private static Tag course(int i) {
    return Tag.of("course", "c" + i);
  }

  private static Tag student(int i) {
    return Tag.of("student", "s" + i);
  }

  /**
   * Conditional appends on boundaries no one else writes (two tags of the operation's own), each
   * after the position of the thread's previous append, as a decision on fresh state would be. An
   * application takes the position from a read; here nothing else ever matches, so the position
   * sets only how much of the log's tail the check looks at, which is what a fresh read gives.
   */
  private static WorkerFactory conditionalAppends(DcbStore dcb) {
    return context -> {
      GlobalPosition[] last = {dcb.read(DcbQuery.of(QueryItem.tags(Tag.of("none")))).position()};
      return seq -> {
        String key = context.unique("c", seq);
        Tag a = Tag.of("a", key);
        Tag b = Tag.of("b", key);
        DcbQuery query = DcbQuery.of(QueryItem.tags(a), QueryItem.tags(b));
        try {
          AppendResult result = dcb.append(StreamId.of(key), List.of(TaggedEvent.of(
              Payloads.data(key, 1), a, b)), new AppendCondition(query, last[0]));
          last[0] = result.lastPosition();
        } catch (AppendConditionFailedException e) {
          context.counters().increment(CONFLICTS); // never expected: no one else writes a or b
        }
        return 1;
      };
    };
  }

  /** Boundary commands: a student subscribes to a course with at most 50 seats. */
  private static WorkerFactory commands(DcbStore dcb) {
    Map<Long, Long> committedAt = new ConcurrentHashMap<>();
    return context -> seq -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int c = random.nextInt(COURSES);
      int s = random.nextInt(STUDENTS);
      DcbQuery query = DcbQuery.of(QueryItem.tags(course(c)), QueryItem.tags(student(s)));
      while (true) {
        long readStart = System.nanoTime();
        DcbRead read = dcb.read(query);
        int seats = 0;
        for (var event : read.events()) {
          seats += event.tags().contains(course(c)) ? 1 : 0;
        }
        if (seats >= 50 + TAGGED / COURSES) {
          return 1; // full: decided nothing
        }
        String stream = context.unique("sub", seq);
        try {
          AppendResult result = dcb.append(StreamId.of(stream), List.of(TaggedEvent.of(
              Payloads.data(stream, 1), course(c), student(s))), read.condition());
          committedAt.put(result.lastPosition().value(), System.nanoTime());
          return 1;
        } catch (AppendConditionFailedException e) {
          context.counters().increment(CONFLICTS);
          Long at = committedAt.get(e.conflicting().value());
          if (at != null && at < readStart) {
            context.counters().increment(FALSE_CONFLICTS);
          }
        }
      }
    };
  }

  private static CaseResult noted(CaseResult result, String target, String baseline) {
    Series ours = result.subject().orElseThrow();
    double ratio = result.ratioTo(baseline);
    return result.withNote(String.format(Locale.ROOT,
            "%,.0f/s against %,.0f/s (%.2f×); p50 %.2f ms, p99 %.2f ms; %d conflicts, %d of them"
                + " false", ours.medianOperationRate(),
            result.baseline(baseline).orElseThrow().medianOperationRate(), ratio,
            ours.latency().p50() / 1_000, ours.latency().p99() / 1_000,
            ours.counter(CONFLICTS), ours.counter(FALSE_CONFLICTS)))
        .withChecks(List.of(Check.atLeast(target, ratio, 0.5)));
  }
}
