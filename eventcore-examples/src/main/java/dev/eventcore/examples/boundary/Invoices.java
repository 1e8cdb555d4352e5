package dev.eventcore.examples.boundary;

import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbDecider;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.examples.boundary.BoundaryEvent.InvoiceCreated;
import java.util.List;

/**
 * Gap-free invoice numbers: each invoice takes the number after the last one, and two invoices
 * never take the same. Every invoice carries the tag {@code invoice-numbering}, so the condition
 * locks one tag rather than every writer of the log. The numberer reads only the invoices created
 * since its last read ({@link DcbStore#read(DcbQuery, GlobalPosition)}), so a number costs the same
 * with a million invoices as with ten; the condition still covers everything, since the position
 * it was read up to is where the earlier reads left off. Thread-safe.
 */
public final class Invoices {
  /** The tag every invoice carries. */
  public static final Tag NUMBERING = Tag.of("invoice-numbering");
  private static final DcbQuery INVOICES =
      DcbQuery.of(QueryItem.of(List.of("InvoiceCreated"), List.of(NUMBERING)));
  private static final int MAX_ATTEMPTS = 200;

  private final DcbStore store;
  private long last; // guarded by this
  private GlobalPosition readTo = GlobalPosition.START; // guarded by this

  /** A numberer of the invoices in {@code store}. */
  public Invoices(DcbStore store) {
    this.store = store;
  }

  /** Creates the next invoice for {@code customerId}; its number. */
  public long create(String customerId, long amountCents) {
    for (int attempt = 1; ; attempt++) {
      long number;
      DcbRead read;
      synchronized (this) {
        read = store.read(INVOICES, readTo);
        for (DcbEvent event : read.events()) {
          last = Math.max(last, ((InvoiceCreated) event.payload()).number());
        }
        readTo = read.position();
        number = last + 1;
      }
      try {
        store.append(StreamId.of("invoice", Long.toString(number)), List.of(TaggedEvent.of(
            new InvoiceCreated(number, customerId, amountCents), NUMBERING)), read.condition());
        return number;
      } catch (AppendConditionFailedException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        DcbDecider.backOff(Math.min(attempt, 20)); // one hot boundary: the winner commits first
      }
    }
  }
}
