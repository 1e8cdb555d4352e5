/**
 * For adapter authors: what an event store implementation plugs into.
 *
 * <p>{@link dev.eventcore.spi.AbstractEventStore} validates every call once, for every adapter
 * (argument checks, event types, payload checks, size limits, duplicate ids within an append) and
 * runs subscriptions on the adapter's {@code readAll} and {@link dev.eventcore.spi.WakeUpSignal}
 * (one log tailer per store reads the log for all of them).
 * An adapter implements only the storage: a {@link dev.eventcore.spi.PreparedAppend} to write
 * atomically, pages to read. {@link dev.eventcore.spi.IdempotentRetry} decides whether an append
 * whose ids are already stored is a retry, so every adapter answers a retry alike. {@link
 * dev.eventcore.spi.CheckedCodec} wraps the store's {@link dev.eventcore.serialization.EventCodec}
 * with the rules every adapter applies to payload bytes.
 */
@NullMarked
package dev.eventcore.spi;

import org.jspecify.annotations.NullMarked;
