/**
 * The event store's vocabulary and its port.
 *
 * <p>Identity and position ({@link dev.eventcore.StreamId}, {@link dev.eventcore.Version},
 * {@link dev.eventcore.GlobalPosition}, {@link dev.eventcore.EventId}), the events themselves
 * ({@link dev.eventcore.EventData} to append, {@link dev.eventcore.RecordedEvent} as read), the
 * {@link dev.eventcore.EventStore} port every adapter implements, and the exception hierarchy under
 * {@link dev.eventcore.EventcoreException} (store failures under {@link
 * dev.eventcore.EventStoreException}).
 *
 * <p>Every type here is immutable and rejects {@code null} arguments with a
 * {@link java.lang.NullPointerException} naming the argument.
 */
@NullMarked
package dev.eventcore;

import org.jspecify.annotations.NullMarked;
