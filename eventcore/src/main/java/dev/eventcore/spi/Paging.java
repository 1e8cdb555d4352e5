package dev.eventcore.spi;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;

/** Reads made of several pages of an adapter's reads. */
final class Paging {
  private Paging() {}

  /** A page reader of the log. */
  interface LogPages {
    LogPage read(GlobalPosition after, int maxCount);
  }

  /** A page reader of one stream, from a version. */
  interface StreamPages {
    List<RecordedEvent<?>> read(long from, int maxCount);
  }

  /** Counts the events of every page after {@code after}, until a read scans no further. */
  static long count(LogPages pages, GlobalPosition after) {
    long count = 0;
    GlobalPosition position = after;
    while (true) {
      LogPage page = pages.read(position, 10_000);
      count += page.events().size();
      if (!page.scannedTo().isAfter(position)) {
        return count;
      }
      position = page.scannedTo();
    }
  }

  /** The whole stream, in pages of {@code pageSize} until a short one. */
  static List<RecordedEvent<?>> wholeStream(StreamPages pages, int pageSize) {
    List<RecordedEvent<?>> first = pages.read(1, pageSize);
    if (first.size() < pageSize) {
      return first;
    }
    List<RecordedEvent<?>> all = new ArrayList<>(first);
    while (true) {
      long next = all.get(all.size() - 1).version().value() + 1;
      List<RecordedEvent<?>> page = pages.read(next, pageSize);
      all.addAll(page);
      if (page.size() < pageSize) {
        return all;
      }
    }
  }
}
