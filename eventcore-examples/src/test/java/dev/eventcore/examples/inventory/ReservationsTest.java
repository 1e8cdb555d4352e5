package dev.eventcore.examples.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.examples.inventory.Reservation.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inventory's persistent map behaves as an insertion-ordered map, old versions unchanged. */
class ReservationsTest {
  /** Keys that share hash codes in pairs ("Aa" and "BB"), to exercise collisions too. */
  private static String key(int i) {
    return (i % 2 == 0 ? "Aa" : "BB") + (i / 2);
  }

  @Test
  void behavesLikeALinkedHashMapAndNeverChangesAnEarlierVersion() {
    qt().withFixedSeed(14L)
        .withExamples(100)
        .forAll(lists().of(integers().between(0, 3 * 150 - 1)).ofSizeBetween(0, 250))
        .checkAssert(ops -> {
          Map<String, Reservation> model = new LinkedHashMap<>();
          Reservations map = Reservations.NONE;
          List<Reservations> versions = new ArrayList<>();
          List<Map<String, Reservation>> models = new ArrayList<>();
          for (int op : ops) {
            String key = key(op / 3);
            Reservation value = new Reservation(1 + op % 7, Status.values()[op % 3]);
            model.put(key, value);
            map = map.with(key, value);
            versions.add(map);
            models.add(new LinkedHashMap<>(model));
          }
          for (int i = 0; i < versions.size(); i++) {
            Reservations version = versions.get(i);
            Map<String, Reservation> expected = models.get(i);
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(version.entrySet()));
            assertEquals(expected, version);
            assertEquals(expected.hashCode(), version.hashCode());
            long held = expected.values().stream()
                .filter(r -> r.status() == Status.HELD).mapToLong(Reservation::quantity).sum();
            assertEquals(held, version.held());
            for (String key : expected.keySet()) {
              assertEquals(expected.get(key), version.get(key));
            }
          }
          assertEquals(model, Reservations.of(new LinkedHashMap<>(model)));
        });
  }

  @Test
  void anInventoryFromAPlainMapKeepsItsOrderAndTotals() {
    Map<String, Reservation> plain = new LinkedHashMap<>();
    plain.put("o-2", new Reservation(2, Status.HELD));
    plain.put("o-1", new Reservation(5, Status.COMMITTED));
    plain.put("o-3", new Reservation(4, Status.HELD));

    Inventory stock = new Inventory("APPLE", 20, plain);

    assertEquals(List.of("o-2", "o-1", "o-3"), new ArrayList<>(stock.reservations().keySet()));
    assertEquals(6, stock.reserved());
    assertEquals(14, stock.available());
    assertEquals(new Inventory("APPLE", 20, Map.copyOf(plain)), stock);
  }
}
