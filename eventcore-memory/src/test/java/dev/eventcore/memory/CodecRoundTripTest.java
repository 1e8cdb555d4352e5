package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An in-memory store with a codec is as strict as a serializing store: each payload goes through
 * the codec and back before it is kept, so what PostgreSQL would refuse or change fails here too.
 */
class CodecRoundTripTest {
  private static final StreamId STREAM = StreamId.of("shape-1");

  interface Shape {}

  record Circle(double radius) implements Shape {}

  /** Jackson writes its shape but cannot read it back: the interface names no subtype. */
  record Drawing(String name, Shape shape) {}

  record Tags(List<String> tags) {}

  private static InMemoryEventStore strict() {
    return InMemoryEventStore.builder().codec(JacksonCodec.json()).build();
  }

  @Test
  void aPayloadTheCodecCannotReadBackFailsTheAppendAndNothingIsWritten() {
    try (InMemoryEventStore store = strict()) {
      List<EventData<?>> events = List.of(EventData.of(new Tags(List.of("a"))),
          EventData.of(new Drawing("d", new Circle(1))));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.append(STREAM, ExpectedVersion.any(), events));
      assertTrue(e.getMessage().contains("Drawing"), e.getMessage());
      assertTrue(e.getMessage().contains("cannot be read back"), e.getMessage());
      assertEquals(Version.NONE, store.currentVersion(STREAM), "all or nothing");
      assertEquals(0, store.eventCount());
    }
    try (InMemoryEventStore lenient = new InMemoryEventStore()) {
      lenient.append(STREAM, ExpectedVersion.any(),
          List.of(EventData.of(new Drawing("d", new Circle(1)))));
      assertEquals(1, lenient.eventCount(), "without a codec the object is kept as given");
    }
  }

  @Test
  void whatIsKeptIsWhatTheCodecReadsBackNotTheCallersObject() {
    List<String> tags = new ArrayList<>(List.of("a", "b"));
    Tags payload = new Tags(tags);
    try (InMemoryEventStore store = strict()) {
      store.append(STREAM, ExpectedVersion.noStream(), List.of(EventData.of(payload)));
      tags.add("changed after the append");
      Object stored = store.readStream(STREAM).get(0).payload();
      assertNotSame(payload, stored);
      assertEquals(new Tags(List.of("a", "b")), stored);
    }
  }

  @Test
  void theSizeLimitHoldsOnTheEncodedBytes() {
    StoreLimits limits = StoreLimits.defaults().withMaxEventBytes(64);
    try (InMemoryEventStore store = InMemoryEventStore.builder().limits(limits)
        .codec(JacksonCodec.json()).build()) {
      assertThrows(PayloadTooLargeException.class, () -> store.append(STREAM,
          ExpectedVersion.any(), List.of(EventData.of(new Tags(List.of("x".repeat(100)))))));
      assertEquals(0, store.eventCount());
    }
  }

  @Test
  void aMultiStreamAppendRoundTripsEveryStreamAndRetriesStayIdempotent() {
    try (InMemoryEventStore store = InMemoryEventStore.builder()
        .eventTypes(EventTypes.of(Tags.class)).codec(JacksonCodec.json()).build()) {
      EventData<Tags> first = EventData.of(new Tags(List.of("1")));
      EventData<Tags> second = EventData.of(new Tags(List.of("2")));
      List<StreamAppend> append = List.of(
          StreamAppend.of(StreamId.of("a-1"), ExpectedVersion.noStream(), List.of(first)),
          StreamAppend.of(StreamId.of("b-1"), ExpectedVersion.noStream(), List.of(second)));
      var result = store.append(append);
      assertEquals(result, store.append(append), "a retry with the same ids is answered alike");
      assertEquals(2, store.eventCount());
    }
  }

  @Test
  void aCodecIsRequired() {
    assertThrows(NullPointerException.class, () -> InMemoryEventStore.builder().codec(null));
  }
}
