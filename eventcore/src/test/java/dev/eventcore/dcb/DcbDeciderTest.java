package dev.eventcore.dcb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link DcbDecider#execute}: what it returns, how often it decides again after a conflict, and
 * the messages of a bad tag, over a store that answers as told (the stores themselves are tested
 * by the testing kit's contracts).
 */
class DcbDeciderTest {
  private static final Tag COURSE = Tag.of("course", "c-1");
  private static final DcbQuery SEATS = DcbQuery.of(QueryItem.tags(COURSE));
  private static final StreamId STREAM = StreamId.of("seat", "1");

  /** Reads nothing; refuses the first {@code conflicts} appends, then writes. */
  private static final class ScriptedStore implements DcbStore {
    final AppendResult written = new AppendResult(Map.of(STREAM, Version.of(1)),
        GlobalPosition.of(7), GlobalPosition.of(7));
    final List<GlobalPosition> conditions = new ArrayList<>();
    int conflicts;

    ScriptedStore(int conflicts) {
      this.conflicts = conflicts;
    }

    @Override
    public DcbRead read(DcbQuery query, GlobalPosition after) {
      return new DcbRead(query, List.of(), GlobalPosition.of(conditions.size() + 1L));
    }

    @Override
    public AppendResult append(StreamId stream, List<TaggedEvent> events,
        AppendCondition condition) {
      conditions.add(condition.after());
      if (conflicts-- > 0) {
        throw new AppendConditionFailedException(condition, GlobalPosition.of(99));
      }
      return written;
    }

    @Override
    public AppendResult append(StreamId stream, List<TaggedEvent> events) {
      throw new AssertionError("a decider appends on a condition");
    }
  }

  private static final DcbDecider<Integer> SEATS_TAKEN = DcbDecider.of(SEATS, 0, (n, e) -> n + 1);

  private static List<TaggedEvent> subscribe(int taken) {
    return List.of(TaggedEvent.of("subscribed", COURSE));
  }

  @Test
  void executeReturnsWhatTheAppendReturnedOnTheConditionOfItsOwnRead() {
    ScriptedStore store = new ScriptedStore(2);
    Optional<AppendResult> result = SEATS_TAKEN.execute(store, STREAM, DcbDeciderTest::subscribe);
    assertSame(store.written, result.orElseThrow());
    // three decisions, each appended on the position of the read it was made on
    assertEquals(List.of(GlobalPosition.of(1), GlobalPosition.of(2), GlobalPosition.of(3)),
        store.conditions);
  }

  @Test
  void executeGivesUpAfterExactlyMaxAttemptsConflicts() {
    ScriptedStore store = new ScriptedStore(Integer.MAX_VALUE);
    assertThrows(AppendConditionFailedException.class,
        () -> SEATS_TAKEN.execute(store, STREAM, DcbDeciderTest::subscribe));
    assertEquals(DcbDecider.MAX_ATTEMPTS, store.conditions.size());

    ScriptedStore lastChance = new ScriptedStore(DcbDecider.MAX_ATTEMPTS - 1);
    assertSame(lastChance.written,
        SEATS_TAKEN.execute(lastChance, STREAM, DcbDeciderTest::subscribe).orElseThrow());
  }

  @Test
  void aDecisionToAddNothingAppendsNothing() {
    ScriptedStore store = new ScriptedStore(0);
    assertEquals(Optional.empty(), SEATS_TAKEN.execute(store, STREAM, taken -> List.of()));
    assertEquals(List.of(), store.conditions);
  }

  @Test
  void aBadTagIsQuotedInItsMessageCutAtFortyCharacters() {
    String long41 = "$" + "x".repeat(40);
    assertEquals("tags starting with '$' are reserved but got '" + long41.substring(0, 40)
        + "...'", assertThrows(IllegalArgumentException.class, () -> Tag.of(long41)).getMessage());
    String forty = "$" + "y".repeat(39);
    assertEquals("tags starting with '$' are reserved but got '" + forty + "'",
        assertThrows(IllegalArgumentException.class, () -> Tag.of(forty)).getMessage());
  }
}
