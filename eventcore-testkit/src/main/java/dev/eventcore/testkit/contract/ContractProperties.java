package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.subscription.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Properties checked over generated examples (QuickTheories, fixed seeds). Each property uses one
 * store and gives every example streams of its own, so adapters with costly stores stay fast.
 *
 * @since 0.1.0
 */
public abstract class ContractProperties extends StoreContract {
  private final AtomicInteger examples = new AtomicInteger();

  /** One append of a script: to which of five streams, how many events, with which expectation. */
  record Step(int stream, int count, int expectation) {
    static final int ANY = 0;
    static final int EXACT = 1;
    static final int WRONG = 2;
    static final int NO_STREAM = 3;
  }

  private static Gen<List<Step>> scripts() {
    Gen<Step> step = integers().between(0, 4).zip(integers().between(1, 3),
        integers().between(0, 3), Step::new);
    return lists().of(step).ofSizeBetween(1, 25);
  }

  private QuickTheory qtWithSeed(long seed) {
    return qt().withFixedSeed(seed).withExamples(scale().propertyExamples());
  }

  private StreamId streamOf(String example, int index) {
    return StreamId.of("p" + example + "s" + index);
  }

  private static ExpectedVersion expectation(int kind, Version actual) {
    switch (kind) {
      case Step.ANY:
        return ExpectedVersion.any();
      case Step.EXACT:
        return ExpectedVersion.exactly(actual);
      case Step.WRONG:
        return ExpectedVersion.exactly(actual.next());
      default:
        return ExpectedVersion.noStream();
    }
  }

  @Test
  void anySequenceOfAppendsYieldsContiguousVersionsAndOnlyTheAcceptedEvents() {
    EventStore store = openStore();
    qtWithSeed(20_260_101L).forAll(scripts()).checkAssert(script -> {
      String example = Integer.toString(examples.incrementAndGet());
      long[] model = new long[5];
      for (Step step : script) {
        StreamId stream = streamOf(example, step.stream());
        Version actual = Version.of(model[step.stream()]);
        ExpectedVersion expected = expectation(step.expectation(), actual);
        List<EventData<ContractEvent>> events = noted(example, step.count());
        if (expected.isSatisfiedBy(actual)) {
          AppendResult result = store.append(stream, expected, events);
          model[step.stream()] += step.count();
          assertEquals(Version.of(model[step.stream()]), result.nextExpectedVersion());
        } else {
          WrongExpectedVersionException e = assertThrows(WrongExpectedVersionException.class,
              () -> store.append(stream, expected, events));
          assertEquals(actual, e.actual());
        }
      }
      for (int s = 0; s < 5; s++) {
        StreamId stream = streamOf(example, s);
        List<RecordedEvent<?>> read = store.readStream(stream);
        assertEquals(model[s], read.size(), stream.value());
        assertContiguousPerStream(read);
        assertEquals(Version.of(model[s]), store.currentVersion(stream));
      }
    });
  }

  @Test
  void anyInterleavingOfConcurrentAppendsYieldsContiguousVersions() {
    EventStore store = openStore();
    qt().withFixedSeed(20_260_102L).withExamples(Math.max(1, scale().propertyExamples() / 5))
        .forAll(scripts(), integers().between(2, 4)).checkAssert((script, threads) -> {
          String example = Integer.toString(examples.incrementAndGet());
          long[] model = new long[5];
          for (Step step : script) {
            model[step.stream()] += step.count();
          }
          try {
            runConcurrently("interleaving", threads, thread -> {
              for (int i = thread; i < script.size(); i += threads) {
                Step step = script.get(i);
                store.append(streamOf(example, step.stream()), ExpectedVersion.any(),
                    noted(example, step.count()));
              }
            });
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
          }
          for (int s = 0; s < 5; s++) {
            List<RecordedEvent<?>> read = store.readStream(streamOf(example, s));
            assertEquals(model[s], read.size());
            assertContiguousPerStream(read);
          }
        });
  }

  @Test
  void pagingReadAllWithAnyPageSizeConcatenatesToExactlyWhatASubscriberDelivers() {
    EventStore store = openStore();
    qtWithSeed(20_260_103L).forAll(scripts(), integers().between(1, 20))
        .checkAssert((script, pageSize) -> {
          String example = Integer.toString(examples.incrementAndGet());
          GlobalPosition start = store.append(streamOf(example, 9), ExpectedVersion.any(),
              noted("marker", 1)).lastPosition();
          GlobalPosition last = start;
          for (Step step : script) {
            last = store.append(streamOf(example, step.stream()), ExpectedVersion.any(),
                noted(example, step.count())).lastPosition();
          }
          List<RecordedEvent<?>> delivered = new CopyOnWriteArrayList<>();
          Subscription subscription = store.subscribe(start, delivered::add);
          try {
            awaitHandled(subscription, last);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
          } finally {
            subscription.close();
          }
          assertEquals(delivered, readLogAfter(store, start, pageSize));
        });
  }

  @Test
  void aMultiStreamAppendWithAnyStaleExpectationChangesNothing() {
    EventStore store = openStore();
    Gen<List<Integer>> seeds = lists().of(integers().between(0, 3)).ofSizeBetween(2, 5);
    qtWithSeed(20_260_104L).forAll(seeds, integers().between(0, 4), integers().between(0, 1))
        .checkAssert((seedCounts, staleIndex, checkOnly) -> {
          String example = Integer.toString(examples.incrementAndGet());
          int stale = staleIndex % seedCounts.size();
          List<StreamAppend> parts = new ArrayList<>();
          Map<StreamId, Version> before = new HashMap<>();
          for (int s = 0; s < seedCounts.size(); s++) {
            StreamId stream = streamOf(example, s);
            if (seedCounts.get(s) > 0) {
              store.append(stream, ExpectedVersion.noStream(), noted(example, seedCounts.get(s)));
            }
            Version version = Version.of(seedCounts.get(s));
            before.put(stream, version);
            ExpectedVersion expected = s != stale ? ExpectedVersion.exactly(version)
                : version.value() > 0 ? ExpectedVersion.exactly(Version.of(version.value() - 1))
                : ExpectedVersion.streamExists();
            boolean check = s == stale && checkOnly == 1;
            parts.add(StreamAppend.of(stream, expected, check ? List.of() : noted(example, 2)));
          }
          List<RecordedEvent<?>> log = store.readAll(GlobalPosition.START, 1_000_000);
          WrongExpectedVersionException e =
              assertThrows(WrongExpectedVersionException.class, () -> store.append(parts));
          assertEquals(streamOf(example, stale), e.stream());
          assertEquals(log, store.readAll(GlobalPosition.START, 1_000_000));
          before.forEach((stream, version) -> assertEquals(version, store.currentVersion(stream)));
        });
  }

  @Test
  void retryingAnyBatchReturnsTheOriginalResultAndWritesNothing() {
    EventStore store = openStore();
    Gen<List<Integer>> batches = lists().of(integers().between(1, 4)).ofSizeBetween(1, 4);
    qtWithSeed(20_260_105L).forAll(batches, integers().between(0, 2), integers().between(0, 3))
        .checkAssert((sizes, expectationKind, interference) -> {
          String example = Integer.toString(examples.incrementAndGet());
          List<StreamAppend> parts = new ArrayList<>();
          for (int s = 0; s < sizes.size(); s++) {
            ExpectedVersion expected = expectationKind == 0 ? ExpectedVersion.any()
                : expectationKind == 1 ? ExpectedVersion.noStream()
                : ExpectedVersion.exactly(Version.NONE);
            parts.add(StreamAppend.of(streamOf(example, s), expected, noted(example, sizes.get(s))));
          }
          AppendResult original = store.append(parts);
          for (int i = 0; i < interference; i++) {
            store.append(streamOf(example, i % sizes.size()), ExpectedVersion.any(),
                noted("later", 1));
          }
          List<RecordedEvent<?>> log = store.readAll(GlobalPosition.START, 1_000_000);
          assertEquals(original, store.append(parts));
          assertEquals(log, store.readAll(GlobalPosition.START, 1_000_000));
        });
  }
}
