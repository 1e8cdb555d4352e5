package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import org.junit.jupiter.api.function.Executable;

/**
 * What every {@link DeadLetterStore} does: keeps each projection's letters in insertion order, one
 * per event (a letter of the same projection, position and type replaces the earlier one in its
 * place), finds, counts (all and undecodable ones), removes and purges them per projection.
 *
 * @since 0.1.0
 */
public abstract class DeadLetterStoreContract {

  /** A store with no dead letters. */
  protected abstract DeadLetterStore newDeadLetterStore();

  private static final Instant FAILED_AT =
      Instant.parse("2026-01-02T03:04:05.123456Z").truncatedTo(ChronoUnit.MICROS);

  private static DeadLetter letter(String projection, long position) {
    return letter(projection, position, "OrderPlaced", 3);
  }

  private static DeadLetter letter(String projection, long position, String type, int attempts) {
    return new DeadLetter(projection, GlobalPosition.of(position), StreamId.of("order", "7"),
        Version.of(position), EventId.of(UUID.randomUUID()), type, attempts,
        "java.lang.IllegalStateException: poison " + position, FAILED_AT);
  }

  private static DeadLetter undecodable(String projection, long position) {
    UndecodableEvent raw = new UndecodableEvent("OrderPlaced", 2, "{\"amount\": \"x\"}", "{}",
        "cannot decode stored event order-7@" + position);
    return new DeadLetter(projection, GlobalPosition.of(position), StreamId.of("order", "7"),
        Version.of(position), EventId.of(UUID.randomUUID()), "OrderPlaced", 0,
        "dev.eventcore.UndecodableEventException: cannot be decoded", FAILED_AT, Optional.of(raw));
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

  @Test
  void lettersAreCountedPerProjectionAndUndecodableOnesSeparately() {
    DeadLetterStore store = newDeadLetterStore();
    store.add(letter("totals", 1));
    store.add(undecodable("totals", 2));
    store.add(letter("totals", 3));
    store.add(undecodable("other", 4));
    assertEquals(3, store.count("totals"));
    assertEquals(1, store.countUndecodable("totals"));
    assertEquals(1, store.count("other"));
    assertEquals(1, store.countUndecodable("other"));
    assertEquals(0, store.count("nobody"));
    assertEquals(0, store.countUndecodable("nobody"));
  }

  @Test
  void findReturnsTheLettersOfOneProjectionAtOnePosition() {
    DeadLetterStore store = newDeadLetterStore();
    DeadLetter paid = letter("totals", 5, "Paid", 1);
    DeadLetter shipped = letter("totals", 5, "Shipped", 2);
    store.add(letter("totals", 4));
    store.add(paid);
    store.add(letter("other", 5));
    store.add(shipped);
    assertEquals(List.of(paid, shipped), store.find("totals", GlobalPosition.of(5)),
        "both failed parts of one split event, in the order added");
    assertEquals(List.of(), store.find("totals", GlobalPosition.of(6)));
    assertEquals(List.of(), store.find("nobody", GlobalPosition.of(5)));
  }

  @Test
  void aLetterOfTheSameEventReplacesTheEarlierOneInItsPlace() {
    DeadLetterStore store = newDeadLetterStore();
    DeadLetter first = letter("totals", 1);
    DeadLetter second = letter("totals", 2);
    DeadLetter third = letter("totals", 3);
    store.add(first);
    store.add(second);
    store.add(third);
    DeadLetter again = new DeadLetter("totals", second.position(), second.streamId(),
        second.version(), second.eventId(), second.type(), 7, "java.lang.IllegalStateException:"
        + " still broken", FAILED_AT.plusSeconds(60));
    store.add(again);
    assertEquals(List.of(first, again, third), store.list("totals"));
    assertEquals(3, store.count("totals"));
    DeadLetter otherProjection = letter("other", 2);
    store.add(otherProjection);
    assertEquals(List.of(first, again, third), store.list("totals"), "other projections apart");
    assertEquals(List.of(otherProjection), store.list("other"));
  }

  @Test
  void anUndecodableLetterCanBeReplacedByOneWithoutItsEnvelope() {
    DeadLetterStore store = newDeadLetterStore();
    DeadLetter raw = undecodable("totals", 8);
    store.add(raw);
    DeadLetter decodedNow = new DeadLetter("totals", raw.position(), raw.streamId(),
        raw.version(), raw.eventId(), raw.type(), 1, "java.lang.IllegalStateException: handler",
        FAILED_AT);
    store.add(decodedNow);
    assertEquals(List.of(decodedNow), store.list("totals"));
    assertEquals(0, store.countUndecodable("totals"));
  }

  @Test
  void removeTakesAwayTheLettersAtOnePositionOnly() {
    DeadLetterStore store = newDeadLetterStore();
    DeadLetter kept = letter("totals", 1);
    DeadLetter alsoKept = letter("totals", 3);
    store.add(kept);
    store.add(letter("totals", 2, "Paid", 1));
    store.add(letter("totals", 2, "Shipped", 1));
    store.add(alsoKept);
    DeadLetter otherProjection = letter("other", 2);
    store.add(otherProjection);
    assertEquals(2, store.remove("totals", GlobalPosition.of(2)));
    assertEquals(List.of(kept, alsoKept), store.list("totals"));
    assertEquals(List.of(otherProjection), store.list("other"));
    assertEquals(0, store.remove("totals", GlobalPosition.of(2)), "already gone");
    assertEquals(0, store.remove("nobody", GlobalPosition.of(1)));
  }

  @Test
  void purgeRemovesEveryLetterOfOneProjection() {
    DeadLetterStore store = newDeadLetterStore();
    store.add(letter("totals", 1));
    store.add(undecodable("totals", 2));
    DeadLetter otherProjection = letter("other", 1);
    store.add(otherProjection);
    assertEquals(2, store.purge("totals"));
    assertEquals(List.of(), store.list("totals"));
    assertEquals(0, store.count("totals"));
    assertEquals(0, store.countUndecodable("totals"));
    assertEquals(List.of(otherProjection), store.list("other"));
    assertEquals(0, store.purge("totals"));
  }

  @Test
  void nullArgumentsAreRefusedNamingTheArgument() {
    DeadLetterStore store = newDeadLetterStore();
    assertNpe("letter", () -> store.add(null));
    assertNpe("projection", () -> store.list(null));
    assertNpe("projection", () -> store.find(null, GlobalPosition.of(1)));
    assertNpe("position", () -> store.find("totals", null));
    assertNpe("projection", () -> store.count(null));
    assertNpe("projection", () -> store.countUndecodable(null));
    assertNpe("projection", () -> store.remove(null, GlobalPosition.of(1)));
    assertNpe("position", () -> store.remove("totals", null));
    assertNpe("projection", () -> store.purge(null));
  }

  private static void assertNpe(String argument, Executable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertEquals(argument, e.getMessage());
  }
}
