/**
 * For adapter authors: what an event store implementation plugs into.
 *
 * <p>An adapter implements {@link dev.eventcore.spi.EventStorage}: write a {@link
 * dev.eventcore.spi.PreparedAppend} atomically, read pages of a stream and of the log, count, list
 * streams, close. {@link dev.eventcore.spi.ComposedEventStore} composes it into the one final
 * {@link dev.eventcore.EventStore} that validates every call once, for every adapter (argument
 * checks, event types, payload checks, size limits, duplicate ids within an append), upcasts what
 * is read, runs subscriptions (one log tailer per store) and reports to the observer. {@link
 * dev.eventcore.spi.IdempotentRetry} decides whether an append whose ids are already stored is a
 * retry, so every adapter answers a retry alike. {@link dev.eventcore.spi.DelegatingEventStore}
 * is the base of an adapter's public facade and of decorators. {@link
 * dev.eventcore.spi.CheckedCodec} wraps a store's {@link dev.eventcore.serialization.EventCodec}
 * with the rules every adapter applies to payload bytes.
 */
@NullMarked
package dev.eventcore.spi;

import org.jspecify.annotations.NullMarked;
