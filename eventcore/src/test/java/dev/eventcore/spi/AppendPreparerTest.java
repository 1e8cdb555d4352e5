package dev.eventcore.spi;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.serialization.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppendPreparerTest {
  record Noted(String text) {}

  private static final StreamId A = StreamId.of("a-1");
  private static final StreamId B = StreamId.of("b-1");

  private final AppendPreparer preparer =
      new AppendPreparer(EventTypes.permissive(), StoreLimits.defaults().withMaxEventBytes(100), true);

  private static StreamAppend one(StreamId stream, EventData<?> event) {
    return StreamAppend.of(stream, ExpectedVersion.any(), List.of(event));
  }

  @Test
  void refusesToAppendTheRawEnvelopeOfAnUndecodableEvent() {
    UndecodableEvent raw = new UndecodableEvent("Gone", 1, "{}", "{}", "unknown type");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> preparer.prepare(List.of(one(A, EventData.of(raw)))));
    assertTrue(e.getMessage().contains("UndecodableEvent"), e.getMessage());
  }

  @Test
  void checksMetadataSizeEachTimeWhetherTheInstanceIsNewOrReused() {
    Metadata big = Metadata.empty().with("note", "x".repeat(200));
    Metadata small = Metadata.empty().with("note", "ok");
    for (int round = 0; round < 2; round++) {
      assertThrows(PayloadTooLargeException.class,
          () -> preparer.prepare(List.of(one(A, EventData.of(new Noted("n"), big)))));
      assertEquals(1, preparer.prepare(List.of(one(A, EventData.of(new Noted("n"), small))))
          .eventCount());
    }
  }

  @Test
  void aPayloadOfExactlyTheLimitPassesAndOneByteMoreIsRefusedWithItsSize() {
    // {"text":"..."}: 11 bytes around the text; the limit is 100
    assertEquals(1, preparer.prepare(List.of(one(A, EventData.of(new Noted("x".repeat(89))))))
        .eventCount());
    PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
        () -> preparer.prepare(List.of(one(A, EventData.of(new Noted("x".repeat(90)))))));
    assertEquals(101, e.size());
    assertEquals(100, e.limit());
  }

  @Test
  void metadataOfExactlyTheLimitPassesAndOneByteMoreIsRefusedWithItsSize() {
    // sized as the JSON an encoding store writes and measures: Metadata.toJson()
    Metadata one = Metadata.empty().with("note", "y".repeat(89));
    Metadata two = Metadata.empty().with("a", "1".repeat(40)).with("b", "2".repeat(45));
    for (Metadata atLimit : List.of(one, two)) {
      assertEquals(100, atLimit.toJson().getBytes(StandardCharsets.UTF_8).length);
      assertEquals(1, preparer.prepare(List.of(one(A, EventData.of(new Noted("n"), atLimit))))
          .eventCount(), atLimit::toJson);
    }
    Metadata wide = Metadata.empty().with("é", "語".repeat(30) + "!"); // 2- and 3-byte characters
    assertEquals(100, wide.toJson().getBytes(StandardCharsets.UTF_8).length);
    preparer.prepare(List.of(one(A, EventData.of(new Noted("n"), wide))));

    for (Metadata over : List.of(one.with("note", "y".repeat(90)), two.with("b", "2".repeat(46)))) {
      PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
          () -> preparer.prepare(List.of(one(A, EventData.of(new Noted("n"), over)))));
      assertEquals(101, e.size(), over::toJson);
      assertEquals(100, e.limit());
    }
  }

  @Test
  void theAppendLimitCountsThePayloadAndTheMetadataOfEveryEventOfEveryStream() {
    AppendPreparer limited =
        new AppendPreparer(EventTypes.permissive(), new StoreLimits(100, 1_000, 250), true);
    // 50 bytes of payload ({"text":"..."}) and 50 of metadata ({"k":"..."}): 100 an event
    Metadata fifty = Metadata.empty().with("k", "v".repeat(42));
    EventData<Noted> full = EventData.of(new Noted("x".repeat(39)), fifty);
    // 48 bytes of payload and the 2 of empty metadata ({}): 50
    EventData<Noted> small = EventData.of(new Noted("x".repeat(37)));
    EventData<Noted> oneMore = EventData.of(new Noted("x".repeat(38)));

    assertEquals(3, limited.prepare(List.of(
        StreamAppend.of(A, ExpectedVersion.any(), List.of(full, withNewId(full))),
        one(B, small))).eventCount(), "250 bytes: exactly the limit");
    PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
        () -> limited.prepare(List.of(
            StreamAppend.of(A, ExpectedVersion.any(), List.of(full, withNewId(full))),
            one(B, oneMore))));
    assertEquals(251, e.size());
    assertEquals(250, e.limit());
    assertTrue(e.getMessage().contains("stream b-1"), e.getMessage());
  }

  private static <T> EventData<T> withNewId(EventData<T> event) {
    return EventData.of(event.payload(), event.metadata());
  }

  @Test
  void refusesTheReservedSplitPartKeyInMetadata() {
    Metadata copied = Metadata.empty().with(RecordedEvent.PART_KEY, "1/2");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> preparer.prepare(List.of(one(A, EventData.of(new Noted("n"), copied)))));
    assertTrue(e.getMessage().contains("eventcore.part, which is reserved"), e.getMessage());
  }

  @Test
  void namesTheEventOfABadPayload() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> preparer.prepare(List.of(one(A, EventData.of(new Noted("a\0b"))))));
    assertTrue(e.getMessage().startsWith("payload of event 0 (Noted) for stream a-1 has "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("at $.text"), e.getMessage());
  }

  @Test
  void keepsTheStreamsAndEventsInOrderAndRejectsAnIdUsedTwice() {
    EventData<Noted> first = EventData.of(new Noted("1"));
    EventData<Noted> second = EventData.of(new Noted("2"));
    PreparedAppend prepared = preparer.prepare(List.of(
        StreamAppend.of(A, ExpectedVersion.any(), List.of(first, second)),
        StreamAppend.check(B, ExpectedVersion.noStream())));
    assertEquals(2, prepared.eventCount());
    assertEquals(List.of(A, B), prepared.streams().stream().map(PreparedStream::stream).toList());
    assertEquals(List.of(first.id(), second.id()),
        prepared.streams().get(0).events().stream().map(PreparedEvent::id).toList());
    assertEquals(List.of(), prepared.streams().get(1).events());
    assertThrows(DuplicateEventIdException.class,
        () -> preparer.prepare(List.of(one(A, first), one(B, first))));
  }
}
