package dev.eventcore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order in which an adapter locks the streams of an append. */
class PreparedAppendTest {
  record Noted(String text) {}

  private static final StreamId A = StreamId.of("a-1");
  private static final StreamId B = StreamId.of("b-1");
  private static final StreamId C = StreamId.of("c-1");

  private final AppendPreparer preparer =
      new AppendPreparer(EventTypes.permissive(), StoreLimits.defaults(), true);

  private PreparedAppend prepare(StreamId... streams) {
    List<StreamAppend> appends = new ArrayList<>();
    for (StreamId stream : streams) {
      appends.add(StreamAppend.of(stream, ExpectedVersion.any(),
          List.of(EventData.of(new Noted(stream.value())))));
    }
    return preparer.prepare(appends);
  }

  private static List<StreamId> ids(List<PreparedStream> streams) {
    return streams.stream().map(PreparedStream::stream).toList();
  }

  @Test
  void streamsAreLockedInIdOrderWhateverTheOrderOfTheAppend() {
    PreparedAppend append = prepare(C, A, B);
    assertEquals(List.of(A, B, C), ids(append.streamsInLockOrder()));
    assertEquals(List.of(C, A, B), ids(append.streams()), "the append keeps its own order");
    assertEquals(3, append.eventCount());
  }

  @Test
  void aSingleStreamIsItsOwnLockOrder() {
    PreparedAppend append = prepare(B);
    assertEquals(List.of(B), ids(append.streamsInLockOrder()));
  }

  @Test
  void itsStreamsAreACopyThatCannotBeChanged() {
    List<PreparedStream> streams = new ArrayList<>(prepare(B, A).streams());
    PreparedAppend append = new PreparedAppend(streams, 2);
    streams.clear();
    assertEquals(List.of(B, A), ids(append.streams()));
    assertThrows(UnsupportedOperationException.class, () -> append.streams().clear());
  }
}
