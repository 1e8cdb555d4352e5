package dev.eventcore.examples.readmodel;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.serialization.EventTypes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** {@link InventoryLevels} in memory, a projection named {@code inventory}. */
public final class InMemoryInventoryLevels extends ReadModel implements InventoryLevels {
  private final Map<Sku, Level> levels = new TreeMap<>(Comparator.comparing(Sku::value));

  /** An empty read model. */
  public InMemoryInventoryLevels() {
    super(NAME, EventTypes.of(InventoryEvent.class).asFilter());
  }

  @Override
  void apply(RecordedEvent<?> event) {
    InventoryChange change = InventoryChange.of(event);
    levels.put(change.sku(),
        levels.getOrDefault(change.sku(), new Level(change.sku(), 0, 0)).plus(change));
  }

  @Override
  void clear() {
    levels.clear();
  }

  @Override
  public synchronized Optional<Level> of(Sku sku) {
    return Optional.ofNullable(levels.get(Objects.requireNonNull(sku, "sku")));
  }

  @Override
  public synchronized List<Level> all() {
    return List.copyOf(levels.values());
  }
}
