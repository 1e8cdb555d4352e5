package dev.eventcore.spi;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;

/** Reads made of several pages of an adapter's reads. */
final class Paging {
  private Paging() {}

  /** A page reader of the log. */
  interface LogPages {
    LogPage read(GlobalPosition after, int maxCount);
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
}
