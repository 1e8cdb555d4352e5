package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.testkit.contract.ReadBackEvents.Amount;
import dev.eventcore.testkit.contract.ReadBackEvents.Attributes;
import dev.eventcore.testkit.contract.ReadBackEvents.Grouped;
import dev.eventcore.testkit.contract.ReadBackEvents.Maybe;
import dev.eventcore.testkit.contract.ReadBackEvents.Measure;
import dev.eventcore.testkit.contract.ReadBackEvents.Note;
import dev.eventcore.testkit.contract.ReadBackEvents.Plain;
import dev.eventcore.testkit.contract.ReadBackEvents.Sample;
import dev.eventcore.testkit.contract.ReadBackEvents.Series;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a store accepts it reads back equal, on every adapter; what it could not read back equal
 * (a value over a reader's limit, text PostgreSQL cannot store, negative zero, a null {@code
 * Optional}, a decimal in exponent form, a value declared {@code Object} that JSON would read back
 * as another) is refused at append, naming what and where, with nothing written. Payloads of every shape: records, a plain
 * class, a map, nested generic types.
 *
 * @since 0.1.0
 */
public abstract class ReadBackContract extends StoreContract {
  private static final StreamId STREAM = StreamId.of("readback-1");

  private EventStore store() {
    return openStore(ReadBackEvents.types());
  }

  private static List<Object> storable() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("zeta", 1);
    attributes.put("alpha", List.of(1, 2));
    attributes.put("mid", Map.of("x", "y"));
    attributes.put("large", 1.0E7); // jsonb would return 10000000, an Integer, if written 1.0E7
    attributes.put("tiny", 1.5E-7);
    return List.of(
        new Plain("plain \ud83d\ude00 class", 12.5),
        new Attributes(attributes),
        new Grouped(Map.of("g", List.of(Map.of("a", 1), Map.of())), List.of(List.of("r"))),
        new Note("\n".repeat(200_000)),
        new Note("tab\t quote\" backslash\\ del\u007f bell\u0007 max\uffff pair\udbff\udfff"),
        new Amount(new BigDecimal("1.00")),
        new Amount(new BigDecimal("-" + "9".repeat(1_000))),
        new Amount(new BigDecimal("0.000001")),
        new Measure(Double.MIN_VALUE),
        new Measure(1e300),
        new Measure(-Double.MAX_VALUE),
        new Series(new double[] {0.0, 1.5, 100.0, 1e-10, 1e20, -3.25e7, Double.MIN_VALUE},
            new float[] {0f, 0.1f, 1e-9f, 3.4e20f, -2.5f}),
        new ReadBackEvents.Dates(
            OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.ofHours(2)),
            ZonedDateTime.of(2026, 12, 7, 10, 0, 0, 5, ZoneId.of("Europe/Paris")),
            Instant.ofEpochSecond(1, 7), LocalDate.of(2026, 12, 7)),
        new ReadBackEvents.Loose(List.of(1, "a", 1L << 40, 2.5, true,
            Map.of("k", List.of("v")))),
        new Maybe("m", Optional.empty()),
        new Maybe("m", Optional.of("")));
  }

  @Test
  void everyShapeOfPayloadThatIsAcceptedReadsBackEqual() {
    EventStore store = store();
    List<Object> payloads = storable();
    Metadata metadata = Metadata.empty().with("zz", "1").with("a", "2").with("mm", "line\nbreak");
    List<EventData<?>> events = new ArrayList<>();
    for (Object payload : payloads) {
      events.add(EventData.of(payload).withMetadata(metadata));
    }
    store.append(STREAM, ExpectedVersion.noStream(), events);
    List<RecordedEvent<?>> read = store.readStream(STREAM);
    assertEquals(payloads.size(), read.size());
    for (int i = 0; i < payloads.size(); i++) {
      assertEquals(payloads.get(i), read.get(i).payload(), "payload " + i);
      assertEquals(metadata, read.get(i).metadata(), "metadata " + i);
      assertEquals(List.of("a", "mm", "zz"), List.copyOf(read.get(i).metadata().entries().keySet()),
          "metadata reads back in key order on every adapter");
    }
    assertEquals(read, readWholeLog(store));
  }

  @Test
  void whatCouldNotBeReadBackEqualIsRefusedNamingWhatAndWhere() {
    EventStore store = store();
    store.append(STREAM, ExpectedVersion.noStream(), List.of(EventData.of(new Note("seed"))));
    Map<String, Object> longKey = new LinkedHashMap<>();
    longKey.put("k".repeat(60_000), 1);
    assertRefused(store, new Amount(new BigDecimal("9".repeat(1_500))), "$.value", "1000");
    assertRefused(store, new Attributes(longKey), "$.<key>", "50000");
    assertRefused(store, new Attributes(Map.of("\u4e2d".repeat(17_000), 1)), "$.<key>",
        "51000 bytes");
    Map<Object, String> colliding = new LinkedHashMap<>();
    colliding.put(1, "a");
    colliding.put("1", "b");
    assertRefused(store, new ReadBackEvents.Mixed(colliding), "entries", "1");
    assertRefused(store, new Plain("a\u0000b", 1), "$.name", "NUL");
    assertRefused(store, new Plain("lone \ud800", 1), "$.name", "surrogate");
    assertRefused(store, new Plain("nan", Double.NaN), "$.amount", "NaN");
    assertRefused(store, new Measure(-0.0), "$.value", "negative zero");
    assertRefused(store, new Maybe("m", null), "note", "Optional.empty()");
    assertRefused(store, new Amount(new BigDecimal("1E+3")), "value", "scale");
    assertRefused(store, new ReadBackEvents.Loose(5L), "$.value", "java.lang.Long");
    assertRefused(store, new ReadBackEvents.Loose(new Note("n")), "$.value", "Note");
    assertRefused(store, new ReadBackEvents.Loose(List.of(1, Set.of("a"))), "$.value[1]");
    assertRefused(store, new Attributes(Map.of("count", 5L)), "$.count", "java.lang.Long");
    assertEquals(1, store.readStream(STREAM).size(), "nothing refused was written");
  }

  private static void assertRefused(EventStore store, Object payload, String... parts) {
    List<RecordedEvent<?>> before = readWholeLog(store);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(payload))),
        () -> "accepted " + payload.getClass().getSimpleName());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: "
          + e.getMessage());
    }
    assertEquals(before, readWholeLog(store), "a refused append writes nothing");
  }

  @Test
  void theSizeLimitIsMeasuredOnTheEncodedJson() {
    EventStore store = store();
    // 200,000 newlines are 400,000 bytes of JSON: far under the 1 MiB default
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Note("\n".repeat(200_000)))));
    PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class, () -> store.append(
        STREAM, ExpectedVersion.any(), List.of(EventData.of(new Note("a".repeat(1 << 20))))));
    assertEquals(1_048_587, e.size(), "{\"text\":\"...\"} around 1 MiB of text: " + e.getMessage());
  }

  @Test
  void aRetryWhosePayloadDiffersOnlyInTheScaleOfANumberIsTheSameAppend() {
    EventStore store = store();
    EventId id = EventId.random();
    AppendResult first = store.append(STREAM, ExpectedVersion.noStream(),
        List.of(new EventData<>(id, new Amount(new BigDecimal("1.0")), Metadata.empty())));
    AppendResult retried = store.append(STREAM, ExpectedVersion.noStream(),
        List.of(new EventData<>(id, new Amount(new BigDecimal("1.00")), Metadata.empty())));
    assertEquals(first, retried, "1.0 and 1.00 are the same number, as jsonb compares them");
    assertEquals(1, store.readStream(STREAM).size());
  }

  @Test
  void anyPayloadTheStoreAcceptsReadsBackEqual() {
    EventStore store = store();
    AtomicInteger example = new AtomicInteger();
    qt().withFixedSeed(20_261_204L).withExamples(scale().propertyExamples())
        .forAll(strings().allPossible().ofLengthBetween(0, 12),
            doubles().any(),
            longs().all().zip(integers().between(-2, 12), BigDecimal::valueOf),
            strings().betweenCodePoints(0, 0x10ffff).ofLengthBetween(0, 6))
        .checkAssert((text, number, amount, key) -> {
          StreamId stream = StreamId.of("prop-" + example.incrementAndGet());
          Sample sample = new Sample(text, number, amount, Map.of("k" + key, text));
          try {
            store.append(stream, ExpectedVersion.noStream(), List.of(EventData.of(sample)));
          } catch (IllegalArgumentException refused) {
            assertEquals(List.of(), store.readStream(stream), "a refused append writes nothing");
            return;
          }
          assertEquals(sample, store.readStream(stream).get(0).payload());
        });
  }
}
