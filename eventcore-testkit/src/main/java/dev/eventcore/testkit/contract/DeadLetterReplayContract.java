package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.DeadLetterStore;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionLease;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.projection.ReplayResult;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.ManualClock;
import dev.eventcore.testkit.contract.UpcastEvents.CreatedV1;
import dev.eventcore.testkit.contract.UpcastEvents.Placed;
import dev.eventcore.testkit.contract.UpcastEvents.PlacedV1;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Replaying dead letters through {@link ProjectionRunner#replayDeadLetters} against an adapter's
 * event store, dead-letter store and checkpoint store: a replayed event is applied once and its
 * letter removed; one that still fails stays with its attempts and error updated; an undecodable
 * one is reported until it decodes, then applied; bad inputs are refused; and a replay while the
 * projection runs live neither applies a live event twice nor reorders the live events.
 *
 * <p>Not part of {@link EventStoreContractSuite}, as it needs the adapter's projection stores: an
 * adapter runs it with a subclass that returns its {@link StoreFixture} from {@link #fixture()}
 * and the dead-letter and checkpoint stores that go with a store.
 *
 * @since 0.1.0
 */
public abstract class DeadLetterReplayContract extends StoreContract {
  private static final String NAME = "replayed";
  private static final StreamId STREAM = StreamId.of("replay", "1");
  private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");

  private final ManualClock clock = ManualClock.at(T0);
  private final ProjectionLease lease = ProjectionLease.inProcess();
  /** The texts (or payloads) the handler refuses. */
  private final Set<String> broken = ConcurrentHashMap.newKeySet();
  /** What the handler applied, in order. */
  private final List<Object> applied = new CopyOnWriteArrayList<>();
  private final AtomicInteger inHandler = new AtomicInteger();
  private final AtomicInteger maxInHandler = new AtomicInteger();
  /** How long each call of the handler takes, so that calls running at once would overlap. */
  private volatile long handlerMillis;

  /** The dead letters kept with {@code store}, a store this contract opened: none yet. */
  protected abstract DeadLetterStore deadLetterStore(EventStore store);

  /** The checkpoints kept with {@code store}, a store this contract opened: none yet. */
  protected abstract CheckpointStore checkpointStore(EventStore store);

  private Projection projection() {
    return Projection.of(NAME, (RecordedEvent<?> event) -> {
      maxInHandler.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
      try {
        Object key = event.payload() instanceof ContractEvent.Noted noted
            ? noted.text() : event.payload();
        if (broken.contains(String.valueOf(key))) {
          throw new IllegalStateException("planned failure of " + key);
        }
        if (handlerMillis > 0) {
          Thread.sleep(handlerMillis);
        }
        applied.add(key);
      } finally {
        inHandler.decrementAndGet();
      }
    });
  }

  private ProjectionRunner runner(
      EventStore store, CheckpointStore checkpoints, DeadLetterStore letters) {
    ProjectionRunner runner = closeAfterTest(ProjectionRunner.builder(store, checkpoints)
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), letters))
        .lease(lease).clock(clock).tick(Duration.ofMillis(10)).build());
    runner.register(projection());
    return runner;
  }

  /** A store, its dead letters and a started runner of the projection. */
  private final class Setup {
    final EventStore store = openStore();
    final DeadLetterStore letters = deadLetterStore(store);
    final ProjectionRunner runner = runner(store, checkpointStore(store), letters);

    Setup() {
      runner.start(NAME);
    }

    /** Appends one event per text and waits until the projection is done with them. */
    GlobalPosition write(String... texts) throws InterruptedException {
      GlobalPosition last = GlobalPosition.START;
      for (String text : texts) {
        last = store.append(STREAM, ExpectedVersion.any(), List.of(noted(text))).lastPosition();
      }
      assertTrue(runner.awaitPosition(NAME, last, timeout()), "the projection reached " + last);
      return last;
    }
  }

  @Test
  void aReplayedLetterIsAppliedOnceRemovedAndTheProjectionGoesOnLive() throws Exception {
    Setup s = new Setup();
    broken.add("b");
    s.write("a", "b", "c");
    assertEquals(List.of("a", "c"), applied);
    List<DeadLetter> letters = s.letters.list(NAME);
    assertEquals(1, letters.size(), letters.toString());
    DeadLetter letter = letters.get(0);
    assertEquals(1, s.letters.count(NAME));
    broken.clear();
    ReplayResult result = s.runner.replayDeadLetter(NAME, letter.position());
    assertEquals(new ReplayResult(NAME, List.of(letter), List.of()), result);
    assertTrue(result.allReplayed());
    assertEquals(List.of("a", "c", "b"), applied);
    assertEquals(List.of(), s.letters.list(NAME));
    assertEquals(0, s.letters.count(NAME));
    assertEquals(ProjectionState.RUNNING, s.runner.status(NAME).state());
    s.write("d");
    assertEquals(List.of("a", "c", "b", "d"), applied, "live again, nothing seen twice");
    assertThrows(IllegalArgumentException.class,
        () -> s.runner.replayDeadLetter(NAME, letter.position()), "the letter is gone");
  }

  @Test
  void aLetterThatStillFailsStaysInItsPlaceWithAttemptsAndErrorUpdated() throws Exception {
    Setup s = new Setup();
    broken.addAll(List.of("b", "c"));
    s.write("a", "b", "c");
    List<DeadLetter> before = s.letters.list(NAME);
    assertEquals(2, before.size(), before.toString());
    DeadLetter first = before.get(0);
    assertEquals(1, first.attempts());
    assertEquals(T0, first.failedAt());
    clock.advance(Duration.ofMinutes(5));
    ReplayResult result = s.runner.replayDeadLetter(NAME, first.position());
    assertEquals(List.of(), result.replayed());
    assertEquals(1, result.stillFailing().size());
    DeadLetter updated = result.stillFailing().get(0).letter();
    String reason = result.stillFailing().get(0).reason();
    assertTrue(reason.contains("planned failure of b"), reason);
    assertEquals(new DeadLetter(NAME, first.position(), first.streamId(), first.version(),
        first.eventId(), first.type(), 2, "java.lang.IllegalStateException: planned failure of b",
        T0.plus(Duration.ofMinutes(5))), updated);
    assertEquals(List.of(updated, before.get(1)), s.letters.list(NAME), "in its place");
    assertEquals(List.of("a"), applied);
    assertEquals(ProjectionState.RUNNING, s.runner.status(NAME).state());
  }

  @Test
  void replayingAllLettersReportsEachOutcomeInTheirOrder() throws Exception {
    Setup s = new Setup();
    broken.addAll(List.of("b", "c", "d"));
    s.write("a", "b", "c", "d", "e");
    List<DeadLetter> letters = s.letters.list(NAME);
    assertEquals(3, letters.size(), letters.toString());
    broken.removeAll(List.of("b", "d"));
    ReplayResult result = s.runner.replayDeadLetters(NAME);
    assertEquals(List.of(letters.get(0), letters.get(2)), result.replayed());
    assertEquals(1, result.stillFailing().size());
    assertEquals(letters.get(1).position(), result.stillFailing().get(0).letter().position());
    assertEquals(List.of("a", "e", "b", "d"), applied);
    assertEquals(List.of(result.stillFailing().get(0).letter()), s.letters.list(NAME));
    assertThrows(IllegalArgumentException.class,
        () -> s.runner.replayDeadLetter(NAME, letters.get(0).eventId()), "replayed: gone");
    broken.clear();
    assertEquals(List.of(result.stillFailing().get(0).letter()),
        s.runner.replayDeadLetter(NAME, letters.get(1).eventId()).replayed(), "by its event id");
    assertEquals(List.of("a", "e", "b", "d", "c"), applied);
    assertEquals(0, s.letters.count(NAME));
  }

  @Test
  void anUndecodableLetterIsReportedUntilItDecodesAndThenApplied() throws Exception {
    StreamId order = StreamId.of("upcast-1");
    EventStore old = openStore(UpcastEvents.before());
    old.append(order, ExpectedVersion.noStream(), List.of(EventData.of(new CreatedV1("o1"))));
    GlobalPosition poison = old.append(order, ExpectedVersion.exactly(Version.of(1)),
        List.of(EventData.of(new PlacedV1("o2", "not-a-number")))).lastPosition();
    EventStore current = reopenStore(old, UpcastEvents.after());
    GlobalPosition last = current.append(order, ExpectedVersion.exactly(Version.of(2)),
        List.of(EventData.of(new Placed("o3", 3)))).lastPosition();
    DeadLetterStore letters = deadLetterStore(old);
    CheckpointStore checkpoints = checkpointStore(old);
    ProjectionRunner runner = runner(current, checkpoints, letters);
    runner.start(NAME);
    assertTrue(runner.awaitPosition(NAME, last, timeout()));
    assertEquals(List.of(new Placed("o1", 0), new Placed("o3", 3)), applied);
    assertEquals(1, letters.count(NAME));
    assertEquals(1, letters.countUndecodable(NAME));
    DeadLetter letter = letters.list(NAME).get(0);
    assertEquals(poison, letter.position());

    ReplayResult still = runner.replayDeadLetter(NAME, poison);
    assertEquals(List.of(), still.replayed());
    assertEquals(1, still.stillFailing().size());
    String reason = still.stillFailing().get(0).reason();
    assertTrue(reason.contains("still cannot be decoded"), reason);
    assertTrue(reason.contains("NumberFormatException"), reason);
    DeadLetter kept = letters.list(NAME).get(0);
    assertEquals(0, kept.attempts(), "the handler never saw it");
    assertTrue(kept.undecodable().orElseThrow().data().contains("not-a-number"));
    assertEquals(1, letters.countUndecodable(NAME));
    assertEquals(2, applied.size());
    runner.close();

    EventStore fixed = reopenStore(old, UpcastEvents.afterFixed()); // a fix deployed
    ProjectionRunner redeployed = runner(fixed, checkpoints, letters);
    ReplayResult replayed = redeployed.replayDeadLetters(NAME); // stopped: takes the lease a while
    assertEquals(List.of(kept), replayed.replayed());
    assertEquals(List.of(new Placed("o1", 0), new Placed("o3", 3), new Placed("o2", 0)), applied);
    assertEquals(0, letters.count(NAME));
    assertEquals(0, letters.countUndecodable(NAME));
    assertEquals(ProjectionState.STOPPED, redeployed.status(NAME).state());
    redeployed.start(NAME);
    assertTrue(redeployed.awaitPosition(NAME, last, timeout()));
    assertEquals(3, applied.size(), "nothing applied again from the checkpoint");
  }

  @Test
  void badInputsAreRefusedClearly() throws Exception {
    Setup s = new Setup();
    broken.add("b");
    GlobalPosition last = s.write("a", "b");
    DeadLetter letter = s.letters.list(NAME).get(0);
    assertNpe("name", () -> s.runner.replayDeadLetters(null));
    assertNpe("name", () -> s.runner.replayDeadLetter(null, letter.position()));
    assertNpe("position", () -> s.runner.replayDeadLetter(NAME, (GlobalPosition) null));
    assertNpe("eventId", () -> s.runner.replayDeadLetter(NAME, (EventId) null));
    assertIae("nobody", () -> s.runner.replayDeadLetters("nobody"));
    GlobalPosition notALetter = s.store.readAll(GlobalPosition.START, 1).get(0).position();
    assertIae("no dead letter at position " + notALetter,
        () -> s.runner.replayDeadLetter(NAME, notALetter));
    GlobalPosition beyond = GlobalPosition.of(last.value() + 1_000_000);
    assertIae("no dead letter at position " + beyond,
        () -> s.runner.replayDeadLetter(NAME, beyond));
    EventId stranger = EventId.random();
    assertIae(stranger.toString(), () -> s.runner.replayDeadLetter(NAME, stranger));
    assertEquals(List.of(letter), s.letters.list(NAME), "nothing changed");

    s.runner.register(Projection.of("stopping", event -> { }), ErrorPolicy.defaults());
    IllegalStateException noPolicy = assertThrows(IllegalStateException.class,
        () -> s.runner.replayDeadLetters("stopping"));
    assertTrue(noPolicy.getMessage().contains("retryThenDeadLetter"), noPolicy.getMessage());
    s.runner.register(Projection.of("clean", event -> { }),
        ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), s.letters));
    assertEquals(new ReplayResult("clean", List.of(), List.of()),
        s.runner.replayDeadLetters("clean"), "no letters: nothing to do");
  }

  private static void assertNpe(String argument, Runnable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call::run);
    assertEquals(argument, e.getMessage());
  }

  private static void assertIae(String fragment, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void aReplayWhileTheProjectionRunsLiveNeitherAppliesAnEventTwiceNorReorders() throws Exception {
    Setup s = new Setup();
    int poisoned = 5;
    for (int i = 0; i < poisoned; i++) {
      broken.add("poison-" + i);
      s.write("before-" + i, "poison-" + i);
    }
    List<DeadLetter> letters = s.letters.list(NAME);
    assertEquals(poisoned, letters.size(), letters.toString());
    broken.clear();
    handlerMillis = 1;
    AtomicBoolean stop = new AtomicBoolean();
    List<GlobalPosition> written = new CopyOnWriteArrayList<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; !stop.get() && i < 5_000; i++) {
          written.add(s.store.append(STREAM, ExpectedVersion.any(), List.of(noted("live-" + i)))
              .lastPosition());
          Thread.sleep(1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "replay-contract-writer");
    writer.start();
    List<ReplayResult> results = new ArrayList<>();
    try {
      for (DeadLetter letter : letters) {
        int seen = applied.size();
        eventually(() -> applied.size() >= seen + 10, "live events applied before the replay");
        results.add(s.runner.replayDeadLetter(NAME, letter.position()));
      }
      int seen = applied.size();
      eventually(() -> applied.size() >= seen + 10, "live events applied after the replays");
    } finally {
      stop.set(true);
      writer.join();
    }
    assertTrue(s.runner.awaitPosition(NAME, written.get(written.size() - 1), timeout()));
    for (ReplayResult result : results) {
      assertTrue(result.allReplayed(), result.toString());
    }
    assertEquals(1, maxInHandler.get(), "the handler never ran twice at once");
    List<Object> live = applied.stream().filter(key -> key.toString().startsWith("live-")).toList();
    List<String> expected = IntStream.range(0, written.size()).mapToObj(i -> "live-" + i).toList();
    assertEquals(expected, live, "every live event once, in log order");
    for (int i = 0; i < poisoned; i++) {
      String key = "poison-" + i;
      assertEquals(1, applied.stream().filter(key::equals).count(), key + " applied once");
    }
    assertEquals(0, s.letters.count(NAME));
    assertEquals(ProjectionState.RUNNING, s.runner.status(NAME).state());
  }

  private void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout().toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(1);
    }
  }
}
