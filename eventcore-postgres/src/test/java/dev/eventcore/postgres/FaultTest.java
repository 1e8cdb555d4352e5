package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.subscription.Subscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Backends killed during appends, and commits whose outcome is unknown retried with the same ids. */
class FaultTest {
  private static PostgresTestDatabase db;
  private static String application;

  @BeforeAll
  static void start() {
    db = PostgresTestDatabase.newSchema();
    application = "ec_fault_" + db.schema.substring(db.schema.length() - 8);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  private static PostgresEventStore store(boolean groupCommit) {
    return db.builder()
        .jdbcUrl(PostgresTestDatabase.jdbcUrl() + "&ApplicationName=" + application)
        .groupCommit(groupCommit)
        .build();
  }

  @Test
  void killedBackendsCostOneTypedRetryableFailureAndNeverAPartialAppend() throws Exception {
    AtomicInteger transientFailures = new AtomicInteger();
    AtomicInteger kills = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    try (PostgresEventStore grouped = store(true);
        PostgresEventStore plain = store(false);
        Subscription subscription = grouped.subscribe(GlobalPosition.START, event -> { })) {
      Thread killer = new Thread(() -> {
        Random random = new Random(7);
        try (Connection c = PostgresTestDatabase.connect();
            PreparedStatement kill = c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
          kill.setString(1, application);
          while (!done.get()) {
            Thread.sleep(20 + random.nextInt(60));
            try (var rows = kill.executeQuery()) {
              rows.next();
              kills.addAndGet(rows.getInt(1));
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      killer.start();
      List<Thread> writers = new ArrayList<>();
      List<List<UUID>> written = new ArrayList<>();
      StreamId[][] streams = new StreamId[2][];
      for (int w = 0; w < 2; w++) {
        PostgresEventStore target = w == 0 ? grouped : plain;
        StreamId[] pair = {StreamId.of("kill-" + w + "-x"), StreamId.of("kill-" + w + "-y")};
        streams[w] = pair;
        List<UUID> ids = new ArrayList<>();
        written.add(ids);
        writers.add(new Thread(() -> {
          for (int i = 0; i < 250; i++) {
            List<StreamAppend> append = new ArrayList<>();
            for (StreamId stream : pair) {
              List<EventData<?>> events = List.of(
                  new EventData<>(EventId.random(), new TestEvent.Numbered(2L * i), Metadata.empty()),
                  new EventData<>(EventId.random(), new TestEvent.Numbered(2L * i + 1), Metadata.empty()));
              append.add(new StreamAppend(stream, ExpectedVersion.exactly(Version.of(2L * i)), events));
            }
            while (true) {
              try {
                AppendResult result = target.append(append);
                assertEquals(Version.of(2L * i + 2), result.version(pair[0]));
                break;
              } catch (TransientStoreException e) {
                transientFailures.incrementAndGet();
                assertTrue(e.isRetryable());
              }
            }
            for (StreamAppend part : append) {
              for (EventData<?> event : part.events()) {
                ids.add(event.id().value());
              }
            }
          }
        }));
      }
      writers.forEach(Thread::start);
      for (Thread writer : writers) {
        writer.join();
      }
      done.set(true);
      killer.join();
      Thread.sleep(1_000);
      AppendResult last = null;
      for (int i = 0; i < 10; i++) {
        last = grouped.append(StreamId.of("after-kill"), ExpectedVersion.any(),
            List.of(EventData.of(new TestEvent.Numbered(i))));
        plain.append(StreamId.of("after-kill-plain"), ExpectedVersion.any(),
            List.of(EventData.of(new TestEvent.Numbered(i))));
      }
      System.out.println("killed backends: " + kills.get() + " backends killed, " + transientFailures.get()
          + " transient failures");
      assertTrue(transientFailures.get() > 0, "the killer never hit an append");
      for (int w = 0; w < 2; w++) {
        List<UUID> stored = new ArrayList<>();
        for (StreamId stream : streams[w]) {
          List<RecordedEvent<?>> events = plain.readStream(stream);
          assertEquals(500, events.size(), stream + " has every event exactly once");
          for (int v = 0; v < events.size(); v++) {
            assertEquals(v + 1, events.get(v).version().value());
          }
          events.forEach(e -> stored.add(e.id().value()));
        }
        assertEquals(new java.util.HashSet<>(written.get(w)), new java.util.HashSet<>(stored));
      }
      assertTrue(subscription.awaitPosition(last.lastPosition(), Duration.ofSeconds(20)),
          "the subscription stalled at " + subscription.position());
    }
  }

  @Test
  void aRetryAfterAnUnknownOutcomeReturnsTheOriginalResultAndWritesNothing() throws Exception {
    try (PostgresEventStore store = store(true)) {
      StreamId stream = StreamId.of("unknown-outcome");
      UUID id = UUID.randomUUID();
      long position;
      try (Connection c = PostgresTestDatabase.connect()) {
        // the append committed, but its acknowledgement never reached the caller
        position = RawSql.append(c, db.schema, stream.value(), id, 1);
      }
      store.append(stream, ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(2))));
      EventData<TestEvent> retried =
          new EventData<>(EventId.of(id), new TestEvent.Numbered(1), Metadata.empty());
      AppendResult result = store.append(stream, ExpectedVersion.noStream(), List.of(retried));
      assertEquals(position, result.firstPosition().value());
      assertEquals(position, result.lastPosition().value());
      assertEquals(Version.of(1), result.nextExpectedVersion());
      assertEquals(2, store.readStream(stream).size());
      assertEquals(1, db.count("SELECT count(*) FROM %s.events WHERE event_id = '" + id + "'"));

      assertThrows(DuplicateEventIdException.class, () -> store.append(stream,
          ExpectedVersion.noStream(),
          List.of(new EventData<>(EventId.of(id), new TestEvent.Numbered(99), Metadata.empty()))));
      assertThrows(DuplicateEventIdException.class, () -> store.append(StreamId.of("elsewhere"),
          ExpectedVersion.any(), List.of(retried)));
      assertThrows(DuplicateEventIdException.class, () -> store.append(stream,
          ExpectedVersion.noStream(),
          List.of(retried, EventData.of(new TestEvent.Numbered(3)))));
      assertEquals(2, store.readStream(stream).size());
    }
  }
}
