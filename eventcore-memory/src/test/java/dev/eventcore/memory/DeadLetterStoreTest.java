package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.projection.DeadLetter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dead letters kept per projection, in the order added, one per event and type. */
class DeadLetterStoreTest {
  private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

  private static DeadLetter letter(String projection, long position, String type, String error) {
    return new DeadLetter(projection, GlobalPosition.of(position), StreamId.of("order-1"),
        Version.of(position), EventId.random(), type, 1, error, AT);
  }

  private static DeadLetter undecodable(String projection, long position) {
    return new DeadLetter(projection, GlobalPosition.of(position), StreamId.of("order-1"),
        Version.of(position), EventId.random(), "Placed", 0, "unreadable", AT,
        Optional.of(new UndecodableEvent("Placed", 1, "{", "{}", "broken")));
  }

  private static List<String> errors(List<DeadLetter> letters) {
    return letters.stream().map(DeadLetter::error).toList();
  }

  @Test
  void aLetterOfTheSameProjectionPositionAndTypeReplacesTheEarlierOneInItsPlace() {
    InMemoryDeadLetterStore store = new InMemoryDeadLetterStore();
    store.add(letter("p", 1, "Placed", "first"));
    store.add(letter("p", 2, "Placed", "second"));
    store.add(letter("p", 1, "Placed", "first again"));
    store.add(letter("q", 1, "Placed", "other projection"));
    store.add(letter("p", 1, "Paid", "other type"));
    store.add(letter("p", 3, "Placed", "third"));

    assertEquals(List.of("first again", "second", "other type", "third"), errors(store.list("p")));
    assertEquals(List.of("other projection"), errors(store.list("q")));
    assertEquals(4, store.count("p"));
    assertEquals(1, store.count("q"));
    assertEquals(0, store.count("none"));
    assertEquals(List.of(), store.list("none"));
  }

  @Test
  void findCountAndRemoveSelectByProjectionAndPosition() {
    InMemoryDeadLetterStore store = new InMemoryDeadLetterStore();
    store.add(letter("p", 1, "Placed", "p1"));
    store.add(letter("p", 1, "Paid", "p1 paid"));
    store.add(letter("p", 2, "Placed", "p2"));
    store.add(letter("q", 1, "Placed", "q1"));
    store.add(undecodable("p", 5));
    store.add(undecodable("q", 6));

    assertEquals(List.of("p1", "p1 paid"), errors(store.find("p", GlobalPosition.of(1))));
    assertEquals(List.of("q1"), errors(store.find("q", GlobalPosition.of(1))));
    assertEquals(List.of(), store.find("p", GlobalPosition.of(3)));
    assertEquals(1, store.countUndecodable("p"));
    assertEquals(1, store.countUndecodable("q"));
    assertEquals(0, store.countUndecodable("none"));

    assertEquals(2, store.remove("p", GlobalPosition.of(1)));
    assertEquals(0, store.remove("p", GlobalPosition.of(1)));
    assertEquals(List.of("p2", "unreadable"), errors(store.list("p")));
    assertEquals(List.of("q1", "unreadable"), errors(store.list("q")), "q's letter at 1 stays");

    assertEquals(2, store.purge("p"));
    assertEquals(List.of(), store.list("p"));
    assertEquals(0, store.purge("p"));
    assertEquals(2, store.count("q"), "purging p leaves q");
  }
}
