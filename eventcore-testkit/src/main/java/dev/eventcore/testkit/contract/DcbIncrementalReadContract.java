package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Boundary reads that fetch only what is new: {@link DcbStore#read(DcbQuery, List)} (each query
 * item after its own position) and the reads of {@link DcbStore#cached}, which must return
 * exactly what a fresh {@link DcbStore#read(DcbQuery)} returns, whatever was appended in between
 * and by whichever path. Bad input refused.
 *
 * @since 0.2.0
 */
public abstract class DcbIncrementalReadContract extends StoreContract {
  private static final Tag COURSE = Tag.of("course", "c-1");
  private static final Tag STUDENT = Tag.of("student", "s-1");

  private final AtomicInteger examples = new AtomicInteger();

  private static TaggedEvent note(String text, Tag... tags) {
    return TaggedEvent.of(new ContractEvent.Noted(text), tags);
  }

  private static List<String> texts(DcbRead read) {
    List<String> texts = new ArrayList<>();
    for (DcbEvent event : read.events()) {
      texts.add(((ContractEvent.Noted) event.payload()).text());
    }
    return texts;
  }

  @Test
  void aReadAfterEachItemFindsEachItemsEventsAfterItsOwnPosition() {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    GlobalPosition defined =
        dcb.append(StreamId.of("course-1"), List.of(note("defined", COURSE))).lastPosition();
    GlobalPosition both = dcb.append(StreamId.of("sub-1"),
        List.of(note("subscribed", COURSE, STUDENT))).lastPosition();
    dcb.append(StreamId.of("student-1"), List.of(note("student", STUDENT)));
    dcb.append(StreamId.of("course-1"), List.of(note("renamed", COURSE)));
    DcbQuery query = DcbQuery.of(QueryItem.tags(COURSE), QueryItem.tags(STUDENT));

    DcbRead read = dcb.read(query, List.of(both, defined));
    assertEquals(List.of("subscribed", "student", "renamed"), texts(read),
        "the course's events after the subscription, the student's after the definition");
    assertEquals(dcb.read(query).position(), read.position(), "the read sees up to the same end");
    assertEquals(List.of("renamed"), texts(dcb.read(query, List.of(both, read.position()))));
    assertEquals(texts(dcb.read(query)),
        texts(dcb.read(query, List.of(GlobalPosition.START, GlobalPosition.START))));
    assertEquals(List.of(), texts(dcb.read(query, List.of(read.position(), read.position()))));
  }

  @Test
  void aReadAfterEachItemRefusesOtherThanOnePositionPerItem() {
    DcbStore dcb = openStore().boundaries();
    DcbQuery query = DcbQuery.of(QueryItem.tags(COURSE), QueryItem.tags(STUDENT));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dcb.read(query, List.of(GlobalPosition.START)));
    assertEquals("one position per query item is needed: the query has 2 item(s) but got 1"
        + " position(s)", e.getMessage());
    assertThrows(NullPointerException.class,
        () -> dcb.read(query, Arrays.asList(GlobalPosition.START, null)));
    assertThrows(IllegalArgumentException.class, () -> dcb.cached(-1));
  }

  @Test
  void aCachedReadSeesWhatOthersAppendedSinceItsLastRead() {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    DcbStore cached = dcb.cached(1_000);
    DcbQuery query = DcbQuery.of(QueryItem.tags(COURSE), QueryItem.tags(STUDENT));
    dcb.append(StreamId.of("course-1"), List.of(note("defined", COURSE)));
    assertEquals(List.of("defined"), texts(cached.read(query)));

    dcb.append(StreamId.of("sub-1"), List.of(note("subscribed", COURSE, STUDENT)));
    DcbRead read = cached.read(query);
    assertEquals(List.of("defined", "subscribed"), texts(read), "an event of both items once");
    assertEquals(dcb.read(query).position(), read.position());
    assertEquals(List.of("subscribed"), texts(cached.read(query, read.events().get(0).position())),
        "after a position, as a fresh read");
    assertEquals(List.of("defined", "subscribed"), texts(dcb.cached(0).read(query)),
        "no room: every read is the store's");
  }

  /**
   * One step of a script: an append (with the tags whose bits {@code tags} sets; none makes it a
   * plain stream append) or a read of query number {@code query}.
   */
  record Step(boolean read, int tags, int query) {}

  private static Gen<List<Step>> scripts() {
    Gen<Step> step = integers().between(0, 2).zip(integers().between(0, 7),
        integers().between(0, 4), (kind, tags, query) -> new Step(kind == 0, tags, query));
    return lists().of(step).ofSizeBetween(1, 30);
  }

  @Test
  void cachedReadsEqualFreshReadsWhateverWasAppended() {
    EventStore store = openStore();
    DcbStore dcb = store.boundaries();
    qt().withFixedSeed(20_261_207L).withExamples(scale().propertyExamples())
        .forAll(scripts()).checkAssert(script -> {
          String example = "x" + examples.incrementAndGet();
          Tag[] tags = {Tag.of("a", example), Tag.of("b", example), Tag.of("c", example)};
          DcbQuery[] queries = {
              DcbQuery.of(QueryItem.tags(tags[0])),
              DcbQuery.of(QueryItem.tags(tags[0]), QueryItem.tags(tags[1])),
              DcbQuery.of(QueryItem.tags(tags[1], tags[2]), QueryItem.tags(tags[2])),
              DcbQuery.of(QueryItem.tags(tags[0]).withTypes("Noted"), QueryItem.tags(tags[2])),
              DcbQuery.of(QueryItem.tags(Tag.stream(StreamId.of(example + "-0"))),
                  QueryItem.tags(tags[1]))};
          DcbStore cached = dcb.cached(1_000);
          int appended = 0;
          for (Step step : script) {
            if (step.read()) {
              DcbQuery query = queries[step.query()];
              DcbRead fromCache = cached.read(query);
              DcbRead fresh = dcb.read(query);
              assertEquals(ids(fresh), ids(fromCache), "the events of query " + step.query());
              assertEquals(fresh.position(), fromCache.position());
              continue;
            }
            List<Tag> chosen = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
              if ((step.tags() & (1 << t)) != 0) {
                chosen.add(tags[t]);
              }
            }
            StreamId stream = StreamId.of(example + "-" + appended++ % 3);
            if (chosen.isEmpty()) {
              store.append(stream, ExpectedVersion.any(), List.of(noted("plain")));
            } else {
              dcb.append(stream, List.of(note("n" + appended, chosen.toArray(Tag[]::new))));
            }
          }
        });
  }

  private static List<String> ids(DcbRead read) {
    return read.events().stream().map(e -> e.event().id() + "@" + e.position().value()).toList();
  }
}
