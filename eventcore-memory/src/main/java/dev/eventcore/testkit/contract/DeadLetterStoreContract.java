package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.DeadLetterStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link DeadLetterStore} does: keeps each projection's letters in insertion order. */
public abstract class DeadLetterStoreContract {

  /** A store with no dead letters. */
  protected abstract DeadLetterStore newDeadLetterStore();

  private static DeadLetter letter(String projection, long position) {
    return new DeadLetter(projection, GlobalPosition.of(position), StreamId.of("order", "7"),
        Version.of(position), EventId.of(UUID.randomUUID()), "OrderPlaced", 3,
        "java.lang.IllegalStateException: poison " + position,
        Instant.parse("2026-01-02T03:04:05.123456Z").truncatedTo(ChronoUnit.MICROS));
  }

  @Test
  void lettersAreListedPerProjectionInTheOrderAdded() {
    DeadLetterStore store = newDeadLetterStore();
    DeadLetter first = letter("totals", 9);
    DeadLetter second = letter("totals", 4);
    store.add(first);
    store.add(letter("other", 5));
    store.add(second);
    assertEquals(List.of(first, second), store.list("totals"));
    assertEquals(List.of(), store.list("nobody"));
  }

  @Test
  void theRawEnvelopeOfAnUndecodableEventIsKeptWithItsLetter() {
    DeadLetterStore store = newDeadLetterStore();
    DeadLetter plain = letter("totals", 3);
    UndecodableEvent raw = new UndecodableEvent("OrderPlaced", 2, "{\"amount\": \"x\"}",
        "{\"k\": 1}", "cannot decode stored event order-7@4: Cannot deserialize value");
    DeadLetter undecodable = new DeadLetter("totals", GlobalPosition.of(4),
        StreamId.of("order", "7"), Version.of(4), EventId.of(UUID.randomUUID()), "OrderPlaced", 0,
        "dev.eventcore.UndecodableEventException: stored event order-7@4 cannot be decoded",
        Instant.parse("2026-01-02T03:04:05.123456Z"), Optional.of(raw));
    store.add(plain);
    store.add(undecodable);
    assertEquals(List.of(plain, undecodable), store.list("totals"));
    assertEquals(Optional.of(raw), store.list("totals").get(1).undecodable());
  }
}
