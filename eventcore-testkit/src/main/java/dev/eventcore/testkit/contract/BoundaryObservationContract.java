package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.observe.AppendOutcome;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ReadKind;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an {@link Observer} sees of dynamic consistency boundaries, the same on every adapter: a
 * boundary read is one {@link ReadKind#BOUNDARY} read of the events it matched, however the store
 * finds them; a conditional append is one append, {@link AppendOutcome#CONFLICT} when its condition
 * refuses it, and the reads a store makes to check the condition are part of it, not reported
 * apart. An operator's dashboards thus count boundary conflicts with the other conflicts.
 *
 * <pre>{@code
 * class InMemoryBoundaryObservationTest extends BoundaryObservationContract {
 *   protected EventStore newStore(EventTypes types, Observer observer) {
 *     return InMemoryEventStore.builder(types).observer(observer).build();
 *   }
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public abstract class BoundaryObservationContract {
  private static final Tag COURSE = Tag.of("course", "c-1");
  private static final DcbQuery SEATS = DcbQuery.of(QueryItem.tags(COURSE));

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<EventStore> opened = new ArrayList<>();
  private final Observer observer = new Observer() {
    @Override
    public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
      seen.add("append " + outcome + " " + streams + "/" + events);
    }

    @Override
    public void read(ReadKind kind, int events, long nanos) {
      seen.add("read " + kind + " " + events);
    }
  };

  /** A new, empty store for {@code types} that reports to {@code observer}; closed by the test. */
  protected abstract EventStore newStore(EventTypes types, Observer observer);

  private DcbStore boundaries() {
    EventStore store = newStore(ContractEvent.types(), observer);
    opened.add(store);
    return store.boundaries();
  }

  /** Closes the stores the test opened. */
  @AfterEach
  void closeStores() {
    opened.forEach(EventStore::close);
  }

  private static TaggedEvent seat(String student, Tag... tags) {
    return TaggedEvent.of(new ContractEvent.Noted(student), tags);
  }

  @Test
  void aBoundaryReadIsOneReadOfTheEventsItMatched() {
    DcbStore dcb = boundaries();
    dcb.append(StreamId.of("seat-1"), List.of(seat("s-1", COURSE), seat("s-2", COURSE)));
    dcb.append(StreamId.of("other-1"), List.of(seat("s-3", Tag.of("course", "c-2"))));
    seen.clear();

    DcbRead read = dcb.read(SEATS);

    assertEquals(2, read.events().size());
    assertEquals(List.of("read BOUNDARY 2"), seen, "one read, not the log pages behind it");
    seen.clear();
    assertEquals(0, dcb.read(SEATS, read.position()).events().size());
    assertEquals(List.of("read BOUNDARY 0"), seen);
  }

  @Test
  void aConditionalAppendIsOneAppendAndAConflictWhenItsConditionRefusesIt() {
    DcbStore dcb = boundaries();
    DcbRead empty = dcb.read(SEATS);
    seen.clear();

    dcb.append(StreamId.of("seat-1"), List.of(seat("s-1", COURSE)), empty.condition());
    assertEquals(List.of("append OK 1/1"), seen, "the condition's check is part of the append");
    seen.clear();

    AppendCondition stale = empty.condition();
    assertThrows(AppendConditionFailedException.class, () -> dcb.append(
        StreamId.of("seat-2"), List.of(seat("s-2", COURSE), seat("s-3", COURSE)), stale));
    assertEquals(List.of("append CONFLICT 1/2"), seen, "a refused condition is a conflict");
    seen.clear();

    dcb.append(StreamId.of("seat-3"), List.of(seat("s-4", COURSE)));
    assertEquals(List.of("append OK 1/1"), seen, "an unconditional boundary append");
  }

  @Test
  void aStreamConflictIsStillAConflictBesideBoundaries() {
    EventStore store = newStore(ContractEvent.types(), observer);
    opened.add(store);
    StreamId stream = StreamId.of("plain-1");
    store.append(stream, ExpectedVersion.noStream(),
        List.of(StoreContract.noted("first")));
    seen.clear();

    assertThrows(WrongExpectedVersionException.class, () -> store.append(stream, ExpectedVersion.noStream(),
        List.of(StoreContract.noted("second"))));

    assertEquals(List.of("append CONFLICT 1/1"), seen);
  }
}
