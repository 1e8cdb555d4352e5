package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idempotency, bad input and limits: the same calls on the in-memory and the PostgreSQL store give the same outcome
 * (result versions, or exception type), and leave the same streams behind.
 */
class ParityWithMemoryTest {
  private static final StoreLimits LIMITS =
      StoreLimits.defaults().withMaxEventBytes(4096).withMaxEventsPerAppend(50_000);

  private static PostgresTestDatabase db;
  private static PostgresEventStore postgres;
  private static InMemoryEventStore memory;

  /** Not registered with the stores. */
  record Unregistered(int x) {}

  @BeforeAll
  static void start() {
    db = PostgresTestDatabase.newSchema();
    postgres = db.builder().limits(LIMITS).build();
    memory = new InMemoryEventStore(EventTypes.of(TestEvent.class), LIMITS, Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
    db.close();
  }

  private static EventData<?> numbered(UUID id, long n) {
    return new EventData<>(EventId.of(id), new TestEvent.Numbered(n), Metadata.empty());
  }

  private static String outcome(EventStore store, Function<EventStore, AppendResult> call) {
    try {
      return "ok " + call.apply(store).versions();
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  private static void same(String scenario, Function<EventStore, AppendResult> call) {
    assertEquals(outcome(memory, call), outcome(postgres, call), scenario);
  }

  private static void sameStreams(StreamId... streams) {
    for (StreamId stream : streams) {
      List<Object> inMemory = new ArrayList<>();
      memory.readStream(stream).forEach(e -> inMemory.add(List.of(e.version(), e.type(), e.payload())));
      List<Object> inPostgres = new ArrayList<>();
      postgres.readStream(stream).forEach(e -> inPostgres.add(List.of(e.version(), e.type(), e.payload())));
      assertEquals(inMemory, inPostgres, "stream " + stream);
      assertEquals(memory.currentVersion(stream), postgres.currentVersion(stream));
    }
  }

  @Test
  void idempotentRetriesAndReusedIdsBehaveAlike() {
    StreamId s = StreamId.of("idem-" + UUID.randomUUID());
    StreamId other = StreamId.of("idem-other-" + UUID.randomUUID());
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    same("first", st -> st.append(s, ExpectedVersion.noStream(), List.of(numbered(a, 1), numbered(b, 2))));
    same("more", st -> st.append(s, ExpectedVersion.any(), List.of(numbered(UUID.randomUUID(), 3))));
    same("true retry", st -> st.append(s, ExpectedVersion.noStream(), List.of(numbered(a, 1), numbered(b, 2))));
    same("retry with any", st -> st.append(s, ExpectedVersion.any(), List.of(numbered(a, 1), numbered(b, 2))));
    same("retry, expectation not met by the original", st -> st.append(s,
        ExpectedVersion.exactly(Version.of(1)), List.of(numbered(a, 1), numbered(b, 2))));
    same("partial retry (prefix)", st -> st.append(s, ExpectedVersion.noStream(), List.of(numbered(a, 1))));
    same("second id alone", st -> st.append(s, ExpectedVersion.any(), List.of(numbered(b, 2))));
    same("mixed", st -> st.append(s, ExpectedVersion.any(), List.of(numbered(a, 1), numbered(UUID.randomUUID(), 9))));
    same("elsewhere", st -> st.append(other, ExpectedVersion.any(), List.of(numbered(a, 1))));
    same("different payload", st -> st.append(s, ExpectedVersion.noStream(), List.of(numbered(a, 1), numbered(b, 99))));
    same("twice in one append", st -> {
      UUID twice = UUID.randomUUID();
      return st.append(other, ExpectedVersion.any(), List.of(numbered(twice, 1), numbered(twice, 2)));
    });
    same("multi-stream retry with a check-only part", st -> st.append(List.of(
        new StreamAppend(s, ExpectedVersion.noStream(), List.of(numbered(a, 1), numbered(b, 2))),
        new StreamAppend(other, ExpectedVersion.any(), List.of()))));
    sameStreams(s, other);
  }

  @Test
  void badInputAndLimitsBehaveAlike() {
    StreamId s = StreamId.of("limits-" + UUID.randomUUID());
    same("create", st -> st.append(s, ExpectedVersion.noStream(), List.of(numbered(UUID.randomUUID(), 1))));
    same("max long", st -> st.append(s, ExpectedVersion.exactly(Version.of(Long.MAX_VALUE)),
        List.of(numbered(UUID.randomUUID(), 2))));
    same("no stream on existing", st -> st.append(s, ExpectedVersion.noStream(), List.of(numbered(UUID.randomUUID(), 2))));
    same("stream exists on absent", st -> st.append(StreamId.of("absent-" + UUID.randomUUID()),
        ExpectedVersion.streamExists(), List.of(numbered(UUID.randomUUID(), 2))));
    same("empty list", st -> st.append(s, ExpectedVersion.any(), List.of()));
    same("only check parts", st -> st.append(List.of(new StreamAppend(s, ExpectedVersion.any(), List.of()))));
    same("unregistered class", st -> st.append(s, ExpectedVersion.any(), List.of(EventData.of(new Unregistered(1)))));
    same("NUL in text", st -> st.append(s, ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Rich(
        "a\u0000b", Instant.EPOCH, Optional.empty(), List.of(), BigDecimal.ONE)))));
    same("lone surrogate", st -> st.append(s, ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Rich(
        "a\ud800", Instant.EPOCH, Optional.empty(), List.of(), BigDecimal.ONE)))));
    same("too large", st -> st.append(s, ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Rich(
        "x".repeat(10_000), Instant.EPOCH, Optional.empty(), List.of(), BigDecimal.ONE)))));
    same("metadata too large", st -> st.append(s, ExpectedVersion.any(), List.of(new EventData<>(
        EventId.random(), new TestEvent.Numbered(1), Metadata.empty().with("k", "v".repeat(10_000))))));
    same("over the event limit", st -> st.append(s, ExpectedVersion.any(), manyEvents(50_001)));
    same("check-only part with a wrong version", st -> st.append(List.of(
        new StreamAppend(StreamId.of("w-" + UUID.randomUUID()), ExpectedVersion.any(),
            List.of(numbered(UUID.randomUUID(), 1))),
        new StreamAppend(s, ExpectedVersion.exactly(Version.of(7)), List.of()))));
    sameStreams(s);
    StreamId big = StreamId.of("big-" + UUID.randomUUID());
    List<EventData<?>> many = manyEvents(20_000);
    same("20,000 events, over 65,535 bind parameters if written naively",
        st -> st.append(big, ExpectedVersion.noStream(), many));
    assertEquals(20_000, postgres.readStream(big).size());
  }

  private static List<EventData<?>> manyEvents(int count) {
    List<EventData<?>> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(numbered(UUID.randomUUID(), i));
    }
    return events;
  }
}
