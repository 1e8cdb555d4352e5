package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The payload read for folding: past its first page it reads six columns, not twelve, and still
 * hands over exactly what a stream read holds; a payload that cannot be decoded (a row changed by
 * SQL) in the first page, the plain statement after it or the cursor after that stops the read
 * with the same exception, naming the same event, as a stream read, even on the smallest pool
 * (three connections: one of them free to read). Metadata that cannot be decoded does not stop a
 * fold, which reads none, in any part of the read.
 */
class PayloadReadTest {
  private static final StreamId STREAM = StreamId.of("fold-1");
  private static final int LENGTH = 1_400;

  @Test
  void anUndecodablePayloadInAnyPartOfTheReadStopsItWhereAStreamReadStops() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.builder().maxPoolSize(3).build()) {
      for (int written = 0; written < LENGTH; written += 500) {
        List<EventData<?>> batch = new ArrayList<>();
        for (int i = written; i < Math.min(LENGTH, written + 500); i++) {
          batch.add(EventData.of(new TestEvent.Numbered(i + 1)));
        }
        store.append(STREAM, ExpectedVersion.any(), batch);
      }
      assertEquals(payloads(store.readStream(STREAM)), folded(store, Version.NONE));
      for (long poisoned : new long[] {100, 251, 600, 1_251, 1_300, LENGTH}) {
        db.sql("UPDATE %s.events SET data = '{\"n\": \"not-a-number\"}'::jsonb"
            + " WHERE stream_id = 'fold-1' AND version = " + poisoned);
        List<Object> handed = new ArrayList<>();
        UndecodableEventException e = assertThrows(UndecodableEventException.class,
            () -> store.readPayloads(STREAM, Version.NONE, (payload, version) -> {
              assertEquals(handed.size() + 1L, version, "versions in order, from 1");
              handed.add(payload);
            }));
        assertEquals(poisoned - 1, handed.size(), "every payload before it, poisoned " + poisoned);
        assertEquals(Version.of(poisoned), e.event().version());
        assertEquals(STREAM, e.event().streamId());
        UndecodableEvent raw = assertInstanceOf(UndecodableEvent.class, e.event().payload());
        assertTrue(raw.data().contains("not-a-number"), raw.data());
        UndecodableEventException streamRead = assertThrows(UndecodableEventException.class,
            () -> store.readStream(STREAM, Version.NONE, event -> { }));
        assertEquals(streamRead.event(), e.event(), "the same event as a stream read names");
        db.sql("UPDATE %s.events SET data = '{\"n\": " + poisoned + "}'::jsonb"
            + " WHERE stream_id = 'fold-1' AND version = " + poisoned);
      }
      List<Object> all = folded(store, Version.NONE);
      assertEquals(payloads(store.readStream(STREAM)), all);
      for (long version : new long[] {100, 600}) { // metadata a fold does not read
        db.sql("UPDATE %s.events SET metadata = '[1, 2]'::jsonb"
            + " WHERE stream_id = 'fold-1' AND version = " + version);
        assertThrows(UndecodableEventException.class, () -> store.readStream(STREAM));
        assertEquals(all, folded(store, Version.NONE), "folded past bad metadata at " + version);
        db.sql("UPDATE %s.events SET metadata = '{}'::jsonb"
            + " WHERE stream_id = 'fold-1' AND version = " + version);
      }
      assertEquals(payloads(store.readStream(STREAM)).subList(1_249, LENGTH),
          folded(store, Version.of(1_250)));
    }
  }

  private static List<Object> folded(PostgresEventStore store, Version from) {
    List<Object> payloads = new ArrayList<>();
    long count = store.readPayloads(STREAM, from, (payload, version) -> {
      assertEquals(Math.max(1, from.value()) + payloads.size(), version);
      payloads.add(payload);
    });
    assertEquals(payloads.size(), count);
    return payloads;
  }

  private static List<Object> payloads(List<RecordedEvent<?>> events) {
    return events.stream().<Object>map(RecordedEvent::payload).toList();
  }
}
