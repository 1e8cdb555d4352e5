package dev.eventcore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.command.Decider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class FoldCostTest {
  record Reserved(String order, int quantity) {}

  /** Keeps a total and the last order: constant work per event. */
  record Totals(long reserved, String lastOrder) {}

  private static final Decider<Object, Totals, Reserved> CONSTANT =
      Decider.of(
          new Totals(0, ""),
          (state, event) -> new Totals(state.reserved() + event.quantity(), event.order()),
          (command, state) -> List.of());

  /** Copies its whole map of reservations per event: cost grows with the state. */
  private static final Decider<Object, Map<String, Integer>, Reserved> COPYING =
      Decider.of(
          Map.of(),
          (state, event) -> {
            Map<String, Integer> next = new HashMap<>(state);
            next.put(event.order(), event.quantity());
            return Map.copyOf(next);
          },
          (command, state) -> List.of());

  @Test
  void aFoldThatDoesConstantWorkPerEventPasses() {
    FoldCost.of(CONSTANT).assertConstantPerEvent(i -> new Reserved("order-" + i, 1 + i % 3));
  }

  @Test
  void aFoldThatCopiesItsStatePerEventFailsNamingTheSizesAndTheBytes() {
    AssertionFailedError error = assertThrows(AssertionFailedError.class,
        () -> FoldCost.of(COPYING).assertConstantPerEvent(i -> new Reserved("order-" + i, 1)));

    String message = error.getMessage();
    assertTrue(message.startsWith("evolve's cost grows with the state: "), message);
    assertTrue(message.contains("bytes allocated per event after 100 events"), message);
    assertTrue(message.matches("(?s).*bytes per event after [0-9]+ events.*"), message);
  }

  @Test
  void sizesAreValidated() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> FoldCost.of(CONSTANT).sizes(500, 2_000));

    assertEquals("sizes must be 0 <= small, large >= 1000 and large >= 10 * small, but were"
        + " small 500 and large 2000", error.getMessage());
    FoldCost.of(CONSTANT).sizes(0, 1_000).assertConstantPerEvent(i -> new Reserved("o", 1));
  }
}
