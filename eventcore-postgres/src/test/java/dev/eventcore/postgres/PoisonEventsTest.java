package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.Version;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionError;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.projection.ProjectionStatus;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stored rows the store cannot decode, inserted by SQL ({@link PoisonRow}): every read path stops
 * at one by default with its position and raw envelope, hands it over raw at its position when
 * asked, and projections dead-letter it or stop at it; nothing after it is lost.
 */
class PoisonEventsTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final StreamId POISON = StreamId.of("poison-1");

  /**
   * A fresh schema holding an event written normally, the poison row, then two more events
   * written normally after it; and the poison row as stored.
   */
  static final class PoisonedLog implements AutoCloseable {
    final PostgresTestDatabase db = PostgresTestDatabase.newSchema();
    final PostgresEventStore store = db.builder().eventTypes(PoisonRow.types()).build();
    final PoisonRow row;
    final List<RecordedEvent<?>> good = new ArrayList<>();
    GlobalPosition poison;
    String storedData;
    String storedMetadata;

    PoisonedLog(PoisonRow row) throws Exception {
      this.row = row;
      good.addAll(append("good-1", 1));
      row.insert(db, POISON.value());
      good.addAll(append("after-1", 2));
      good.addAll(append("after-2", 3));
      try (Connection c = PostgresTestDatabase.connect(); Statement statement = c.createStatement();
          ResultSet stored = statement.executeQuery("SELECT (((tx::text)::bigint + 1) << 20)"
              + " | ordinal, data::text, metadata::text FROM \"" + db.schema + "\".events"
              + " WHERE stream_id = '" + POISON.value() + "'")) {
        stored.next();
        poison = GlobalPosition.of(stored.getLong(1));
        storedData = stored.getString(2);
        storedMetadata = stored.getString(3);
      }
    }

    private List<RecordedEvent<?>> append(String stream, long n) {
      store.append(StreamId.of(stream), ExpectedVersion.noStream(),
          List.of(EventData.of(new TestEvent.Numbered(n))));
      return store.readStream(StreamId.of(stream));
    }

    GlobalPosition last() {
      return good.get(2).position();
    }

    /** The raw event, as a reader handed it over, with every field of its envelope. */
    void assertRaw(RecordedEvent<?> event) {
      assertEquals(poison, event.position());
      assertEquals(POISON, event.streamId());
      assertEquals(Version.of(1), event.version());
      assertEquals(row.type, event.type());
      assertEnvelope(assertInstanceOf(UndecodableEvent.class, event.payload()));
    }

    void assertEnvelope(UndecodableEvent envelope) {
      assertEquals(row.type, envelope.type());
      assertEquals(row.revision, envelope.revision());
      assertEquals(storedData, envelope.data(), "the stored JSON text");
      assertEquals(storedMetadata, envelope.metadata(), "the stored metadata, raw");
      assertTrue(envelope.reason().contains(row.reasonContains), envelope.reason());
    }

    void assertStoppedAt(UndecodableEventException e) {
      assertRaw(e.event());
      for (String part : List.of("poison-1@1", "position " + poison, row.type)) {
        assertTrue(e.getMessage().contains(part), () -> e.getMessage() + " lacks " + part);
      }
    }

    @Override
    public void close() throws Exception {
      store.close();
      db.close();
    }
  }

  @ParameterizedTest
  @EnumSource(PoisonRow.class)
  void readsStopAtTheRowByDefaultAndHandItOverRawAtItsPositionWhenAsked(PoisonRow row)
      throws Exception {
    try (PoisonedLog log = new PoisonedLog(row)) {
      PostgresEventStore store = log.store;
      RecordedEvent<?> first = log.good.get(0);
      assertEquals(List.of(first), store.readAll(GlobalPosition.START, 100), "up to the poison");
      log.assertStoppedAt(assertThrows(UndecodableEventException.class,
          () -> store.readAll(first.position(), 100)));
      log.assertStoppedAt(assertThrows(UndecodableEventException.class,
          () -> store.readAll(first.position(), 100, EventFilter.categories("poison"))));
      log.assertStoppedAt(assertThrows(UndecodableEventException.class,
          () -> store.readStream(POISON)));

      EventFilter raw = EventFilter.all().deliveringUndecodable();
      List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 100, raw).events();
      assertEquals(4, all.size(), all.toString());
      assertEquals(first, all.get(0));
      log.assertRaw(all.get(1));
      assertEquals(log.good.subList(1, 3), all.subList(2, 4), "the events after it, decoded");

      List<RecordedEvent<?>> paged = new ArrayList<>();
      GlobalPosition after = GlobalPosition.START;
      for (int i = 0; i < 20 && !after.equals(log.last()); i++) {
        LogPage page = store.readAll(after, 1, raw);
        paged.addAll(page.events());
        assertTrue(page.scannedTo().isAfter(after), "each page moves on");
        after = page.scannedTo();
      }
      assertEquals(all, paged, "paging one at a time past it");
      log.assertRaw(store.readAll(GlobalPosition.START, 10,
          EventFilter.categories("poison").deliveringUndecodable()).events().get(0));
    }
  }

  @ParameterizedTest
  @EnumSource(PoisonRow.class)
  void aSubscriptionStopsAtTheRowByDefaultAndDeliversItRawWhenAsked(PoisonRow row)
      throws Exception {
    try (PoisonedLog log = new PoisonedLog(row)) {
      List<RecordedEvent<?>> delivered = new CopyOnWriteArrayList<>();
      List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
      try (Subscription raw = log.store.subscribe(GlobalPosition.START,
              EventFilter.all().deliveringUndecodable(), delivered::add);
          Subscription stopping = log.store.subscribe(GlobalPosition.START, handled::add)) {
        assertTrue(raw.awaitPosition(log.last(), WAIT), () -> raw + " " + raw.failure());
        assertEquals(4, delivered.size(), delivered.toString());
        assertEquals(log.good.get(0), delivered.get(0));
        log.assertRaw(delivered.get(1));
        assertEquals(log.good.subList(1, 3), delivered.subList(2, 4));

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (stopping.isRunning() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        SubscriptionFailedException failure = stopping.failure().orElseThrow();
        assertEquals(log.poison, failure.position());
        log.assertStoppedAt(assertInstanceOf(UndecodableEventException.class, failure.getCause()));
        assertEquals(List.of(log.good.get(0)), handled);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(PoisonRow.class)
  void aProjectionDeadLettersTheRowWithItsEnvelopeOrStopsAtItByItsPolicy(PoisonRow row)
      throws Exception {
    try (PoisonedLog log = new PoisonedLog(row)) {
      PostgresDeadLetterStore deadLetters = PostgresDeadLetterStore.of(log.store);
      List<RecordedEvent<?>> applied = new CopyOnWriteArrayList<>();
      try (ProjectionRunner runner = runner(log,
          ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))) {
        runner.register(Projection.of("lenient", applied::add));
        runner.start("lenient");
        assertTrue(runner.awaitPosition("lenient", log.last(), WAIT));
        assertEquals(log.good, applied, "every other event");
        List<DeadLetter> letters = deadLetters.list("lenient");
        assertEquals(1, letters.size(), letters.toString());
        DeadLetter letter = letters.get(0);
        assertEquals(List.of(log.poison, POISON, Version.of(1), row.type, 0), List.of(
            letter.position(), letter.streamId(), letter.version(), letter.type(),
            letter.attempts()));
        log.assertEnvelope(letter.undecodable().orElseThrow());
        ProjectionStatus status = runner.status("lenient");
        assertEquals(1, status.deadLettered());
        assertEquals(3, status.handled());
      }
      List<RecordedEvent<?>> strict = new CopyOnWriteArrayList<>();
      try (ProjectionRunner runner = runner(log, ErrorPolicy.defaults())) {
        runner.register(Projection.of("strict", strict::add));
        runner.start("strict");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (runner.status("strict").state() != ProjectionState.FAILED
            && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        ProjectionError error = runner.status("strict").lastError().orElseThrow();
        assertEquals(ProjectionState.FAILED, runner.status("strict").state(), error.message());
        assertEquals(log.poison, error.position());
        assertEquals(POISON, error.stream().orElseThrow());
        assertTrue(error.message().contains("position " + log.poison), error.message());
        assertEquals(List.of(log.good.get(0)), strict, "nothing after it");
      }
    }
  }

  static ProjectionRunner runner(PoisonedLog log, ErrorPolicy policy) {
    return ProjectionRunner.builder(log.store, PostgresCheckpointStore.of(log.store))
        .errorPolicy(policy).tick(Duration.ofMillis(20)).build();
  }
}
