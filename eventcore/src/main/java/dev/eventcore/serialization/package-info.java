/**
 * Event type names: which class an event is stored as, and back; and the codec SPI that turns
 * payloads into bytes.
 *
 * <p>{@link dev.eventcore.serialization.EventTypes#of(Class[])} registers event classes, usually
 * one sealed interface per stream category; {@link dev.eventcore.serialization.EventType} gives a
 * class a stable stored name (and a revision of its shape) that survives renaming the class; an
 * {@link dev.eventcore.serialization.Upcaster} reads an older shape, kept as a legacy record, as
 * today's class (stored events are never rewritten). An {@link
 * dev.eventcore.serialization.EventCodec} turns payloads into bytes and back (JSON, binary, any
 * serializer); a store records which codec wrote each event.
 */
@NullMarked
package dev.eventcore.serialization;

import org.jspecify.annotations.NullMarked;
