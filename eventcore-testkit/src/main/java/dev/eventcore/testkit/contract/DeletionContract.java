package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamDeleted;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.subscription.Subscription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Stream deletions ({@link dev.eventcore.StreamDeletions}): a soft deletion leaves the events in
 * the log and the stream reading as empty; a hard one removes them; both end the stream with a
 * tombstone that subscribers receive, refuse every later append (including racing ones), and
 * leave every other event's position as it was. A restart starts a softly deleted stream over.
 * Truncations: {@link TruncationContract}.
 *
 * @since 0.1.0
 */
public abstract class DeletionContract extends StoreContract {

  private static List<GlobalPosition> positions(List<RecordedEvent<?>> events) {
    List<GlobalPosition> out = new ArrayList<>();
    events.forEach(event -> out.add(event.position()));
    return out;
  }

  private static List<RecordedEvent<?>> without(List<RecordedEvent<?>> log, StreamId stream) {
    List<RecordedEvent<?>> out = new ArrayList<>();
    for (RecordedEvent<?> event : log) {
      if (!event.streamId().equals(stream)) {
        out.add(event);
      }
    }
    return out;
  }

  @Test
  void aSoftDeletionKeepsTheLogReadsEmptyAndRefusesAppends() {
    EventStore store = openStore();
    StreamId cart = StreamId.of("cart-1");
    StreamId other = StreamId.of("other-1");
    store.append(cart, ExpectedVersion.noStream(), noted("c", 3));
    store.append(other, ExpectedVersion.noStream(), noted("o", 2));
    List<RecordedEvent<?>> before = readWholeLog(store);

    AppendResult deleted = store.deleteStream(cart, ExpectedVersion.exactly(Version.of(3)));

    assertEquals(Version.of(4), deleted.versions().get(cart), "the tombstone is version 4");
    assertEquals(List.of(), store.readStream(cart));
    assertEquals(List.of(), store.readStream(cart, Version.of(1), 10));
    assertEquals(List.of(), store.readStreamBackwards(cart, 10));
    assertEquals(0, store.readPayloads(cart, Version.of(1), (payload, version) -> { }));
    assertEquals(Version.of(4), store.currentVersion(cart));
    assertEquals(new StreamStatus(cart, Version.of(4), Version.of(5), Optional.of(Deletion.SOFT)),
        store.streamStatus(cart));
    StreamDeletedException refused = assertThrows(StreamDeletedException.class,
        () -> store.append(cart, ExpectedVersion.any(), List.of(noted("late"))));
    assertEquals(cart, refused.stream());
    assertEquals(Deletion.SOFT, refused.deletion());
    assertThrows(StreamDeletedException.class, () -> store.append(
        cart, ExpectedVersion.exactly(Version.of(3)), List.of(noted("stale"))), "a stale writer");
    assertThrows(StreamDeletedException.class,
        () -> store.append(cart, ExpectedVersion.exactly(Version.of(4)), List.of(noted("late"))));
    assertThrows(StreamDeletedException.class,
        () -> store.deleteStream(cart, ExpectedVersion.any()), "deleted already");

    List<RecordedEvent<?>> after = readWholeLog(store);
    assertEquals(before, after.subList(0, before.size()), "the events stay where they were");
    assertEquals(before.size() + 1, after.size());
    RecordedEvent<?> tombstone = after.get(after.size() - 1);
    assertEquals(new StreamDeleted(Deletion.SOFT), tombstone.payload());
    assertEquals(cart, tombstone.streamId());
    assertEquals(deleted.lastPosition(), tombstone.position());
    assertEquals(StreamDeleted.TYPE, tombstone.type());
    assertEquals(2, store.readStream(other).size(), "other streams are untouched");
    assertEquals(StreamStatus.live(other, Version.of(2)), store.streamStatus(other));
  }

  @Test
  void aDeletionIsCheckedAgainstTheExpectedVersionAndChangesNothingOnAMiss() {
    EventStore store = openStore();
    StreamId cart = StreamId.of("cart-2");
    store.append(cart, ExpectedVersion.noStream(), noted("c", 3));
    WrongExpectedVersionException miss = assertThrows(WrongExpectedVersionException.class,
        () -> store.deleteStream(cart, ExpectedVersion.exactly(Version.of(2))));
    assertEquals(Version.of(3), miss.actual());
    assertThrows(WrongExpectedVersionException.class,
        () -> store.hardDeleteStream(cart, ExpectedVersion.noStream()));
    assertEquals(3, store.readStream(cart).size());
    assertEquals(StreamStatus.live(cart, Version.of(3)), store.streamStatus(cart));
    store.append(cart, ExpectedVersion.exactly(Version.of(3)), List.of(noted("more")));
    assertEquals(4, readWholeLog(store).size(), "no tombstone: three events and the one after");
  }

  @Test
  void aRestartStartsASoftlyDeletedStreamOverAfterItsTombstone() {
    EventStore store = openStore();
    StreamId cart = StreamId.of("cart-3");
    store.append(cart, ExpectedVersion.noStream(), noted("old", 3));
    store.deleteStream(cart, ExpectedVersion.any());

    AppendResult restarted = store.restartStream(cart, noted("new", 2));

    assertEquals(Version.of(6), restarted.versions().get(cart));
    List<RecordedEvent<?>> read = store.readStream(cart);
    assertEquals(List.of(Version.of(5), Version.of(6)),
        read.stream().map(RecordedEvent::version).toList());
    assertEquals(noted("new", 2).get(0).payload(), read.get(0).payload());
    assertEquals(read, store.readStream(cart, Version.of(1), 100), "reads begin at the restart");
    List<RecordedEvent<?>> backwards = new ArrayList<>(read);
    Collections.reverse(backwards);
    assertEquals(backwards, store.readStreamBackwards(cart, 100));
    assertEquals(new StreamStatus(cart, Version.of(6), Version.of(5), Optional.empty()),
        store.streamStatus(cart));
    store.append(cart, ExpectedVersion.exactly(Version.of(6)), List.of(noted("then")));
    assertThrows(IllegalStateException.class,
        () -> store.restartStream(cart, List.of(noted("again"))), "a live stream");
    assertThrows(IllegalStateException.class,
        () -> store.restartStream(StreamId.of("never-1"), List.of(noted("x"))));
    assertThrows(IllegalArgumentException.class, () -> store.restartStream(cart, List.of()));
    assertEquals(3 + 1 + 2 + 1, readWholeLog(store).size(), "the old life stays in the log");
  }

  @Test
  void aHardDeletionRemovesTheEventsAndNothingElseFromTheLog() {
    EventStore store = openStore();
    StreamId customer = StreamId.of("customer-4");
    StreamId other = StreamId.of("other-4");
    for (int i = 0; i < 3; i++) {
      store.append(customer, ExpectedVersion.any(), noted("c" + i, 2));
      store.append(other, ExpectedVersion.any(), noted("o" + i, 1));
    }
    List<RecordedEvent<?>> before = readWholeLog(store);
    long othersCounted = store.countAfter(GlobalPosition.START, EventFilter.categories("other"));

    AppendResult deleted = store.hardDeleteStream(customer, ExpectedVersion.exactly(Version.of(6)));

    List<RecordedEvent<?>> after = readWholeLog(store);
    List<RecordedEvent<?>> kept = without(before, customer);
    assertEquals(kept, after.subList(0, kept.size()), "every other event, at its position");
    assertEquals(kept.size() + 1, after.size(), "and the tombstone");
    RecordedEvent<?> tombstone = after.get(after.size() - 1);
    assertEquals(new StreamDeleted(Deletion.HARD), tombstone.payload());
    assertEquals(Version.of(7), tombstone.version());
    assertEquals(deleted.lastPosition(), tombstone.position());
    assertEquals(List.of(), store.readStream(customer));
    assertEquals(List.of(), store.readStreamBackwards(customer, 10));
    assertEquals(1, store.countAfter(GlobalPosition.START, EventFilter.categories("customer")));
    assertEquals(othersCounted,
        store.countAfter(GlobalPosition.START, EventFilter.categories("other")));
    assertEquals(List.of(tombstone), store.readAll(GlobalPosition.START, 100,
        EventFilter.categories("customer")).events());
    assertEquals(new StreamStatus(customer, Version.of(7), Version.of(8),
        Optional.of(Deletion.HARD)), store.streamStatus(customer));
    StreamDeletedException refused = assertThrows(StreamDeletedException.class,
        () -> store.append(customer, ExpectedVersion.any(), List.of(noted("late"))));
    assertEquals(Deletion.HARD, refused.deletion());
    assertThrows(StreamDeletedException.class,
        () -> store.restartStream(customer, List.of(noted("again"))));
    assertThrows(StreamDeletedException.class,
        () -> store.hardDeleteStream(customer, ExpectedVersion.any()));
    assertThrows(StreamDeletedException.class,
        () -> store.deleteStream(customer, ExpectedVersion.any()));
  }

  @Test
  void aSoftlyDeletedStreamCanBeHardDeletedAfterwards() {
    EventStore store = openStore();
    StreamId customer = StreamId.of("customer-5");
    store.append(customer, ExpectedVersion.noStream(), noted("c", 4));
    store.deleteStream(customer, ExpectedVersion.any());
    assertThrows(WrongExpectedVersionException.class,
        () -> store.hardDeleteStream(customer, ExpectedVersion.exactly(Version.of(4))));
    assertEquals(Optional.of(Deletion.SOFT), store.streamStatus(customer).deletion());

    store.hardDeleteStream(customer, ExpectedVersion.exactly(Version.of(5)));

    List<RecordedEvent<?>> log = readWholeLog(store);
    assertEquals(List.of(new StreamDeleted(Deletion.HARD)),
        log.stream().map(RecordedEvent::payload).toList(), "only the last tombstone stays");
    assertEquals(Optional.of(Deletion.HARD), store.streamStatus(customer).deletion());
  }

  @Test
  void badArgumentsAreRefusedByName() {
    EventStore store = openStore();
    StreamId stream = StreamId.of("bad-7");
    assertThrows(NullPointerException.class, () -> store.deleteStream(null, ExpectedVersion.any()));
    assertThrows(NullPointerException.class, () -> store.deleteStream(stream, null));
    assertThrows(NullPointerException.class,
        () -> store.hardDeleteStream(null, ExpectedVersion.any()));
    assertThrows(NullPointerException.class, () -> store.truncateStream(stream, null));
    assertThrows(NullPointerException.class, () -> store.restartStream(stream, null));
    assertThrows(NullPointerException.class, () -> store.streamStatus(null));
    IllegalArgumentException forged = assertThrows(IllegalArgumentException.class,
        () -> store.append(stream, ExpectedVersion.any(),
            List.of(EventData.of(new StreamDeleted(Deletion.HARD)))));
    assertTrue(forged.getMessage().contains("deleteStream"), forged.getMessage());
    assertEquals(List.of(), readWholeLog(store), "nothing was written");
    assertThrows(WrongExpectedVersionException.class,
        () -> store.deleteStream(stream, ExpectedVersion.streamExists()));
    assertEquals(StreamStatus.live(stream, Version.NONE), store.streamStatus(stream));
  }

  @Test
  void subscribersReceiveTheTombstoneInLogOrder() throws Exception {
    EventStore store = openStore();
    StreamId cart = StreamId.of("cart-8");
    store.append(cart, ExpectedVersion.noStream(), noted("c", 2));
    List<RecordedEvent<?>> seen = Collections.synchronizedList(new ArrayList<>());
    Subscription subscription = track(store.subscribe(GlobalPosition.START, seen::add));
    AppendResult deleted = store.hardDeleteStream(cart, ExpectedVersion.any());
    awaitHandled(subscription, deleted.lastPosition());
    RecordedEvent<?> last = seen.get(seen.size() - 1);
    assertEquals(new StreamDeleted(Deletion.HARD), last.payload());
    assertEquals(cart, last.streamId());
  }

  /**
   * Writers racing a deletion: every append is either written before the tombstone or refused
   * with {@link StreamDeletedException}; none lands after it, none is lost without an error.
   */
  @Test
  void appendsRacingADeletionLandBeforeTheTombstoneOrAreRefused() throws Exception {
    for (Deletion deletion : Deletion.values()) {
      EventStore store = openStore();
      StreamId stream = StreamId.of("race-" + deletion.name().toLowerCase(java.util.Locale.ROOT));
      store.append(stream, ExpectedVersion.noStream(), List.of(noted("first")));
      AtomicLong written = new AtomicLong();
      long[] tombstone = {0};
      int writers = 4;
      runConcurrently("deletion race", writers + 1, index -> {
        if (index == writers) {
          Thread.sleep(20);
          AppendResult result = deletion == Deletion.SOFT
              ? store.deleteStream(stream, ExpectedVersion.any())
              : store.hardDeleteStream(stream, ExpectedVersion.any());
          tombstone[0] = result.versions().get(stream).value();
          return;
        }
        for (int i = 0; ; i++) {
          try {
            store.append(stream, ExpectedVersion.any(), List.of(noted(index + "-" + i)));
            written.incrementAndGet();
          } catch (StreamDeletedException e) {
            assertEquals(deletion, e.deletion());
            return;
          }
        }
      });
      assertEquals(written.get() + 2, tombstone[0], deletion + ": every write before the tombstone");
      assertEquals(Version.of(tombstone[0]), store.currentVersion(stream));
      List<RecordedEvent<?>> log = readWholeLog(store);
      RecordedEvent<?> last = log.get(log.size() - 1);
      assertEquals(new StreamDeleted(deletion), last.payload(), "the tombstone ends the log");
      assertEquals(deletion == Deletion.SOFT ? written.get() + 2 : 1, log.size());
      assertFalse(store.streamStatus(stream).deletion().isEmpty());
    }
  }
}
