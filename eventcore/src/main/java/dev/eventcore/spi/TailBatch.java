package dev.eventcore.spi;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import java.util.List;

/**
 * One read of the {@link LogTailer}: every stored event in {@code (after, to]}, decoded once and
 * not yet upcast or filtered, shared by every subscription it is handed to (so never modified).
 *
 * @param after the position the read started after
 * @param to the last position read ({@code after} when the read was empty)
 * @param events the stored events in {@code (after, to]}, in position order
 * @param atEnd whether the read reached the end of what was readable then (not a full page)
 */
record TailBatch(GlobalPosition after, GlobalPosition to, List<RecordedEvent<?>> events,
    boolean atEnd) {

  /** An empty batch at {@code position}, telling a subscription where the tailer stands. */
  static TailBatch marker(GlobalPosition position, boolean atEnd) {
    return new TailBatch(position, position, List.of(), atEnd);
  }
}
