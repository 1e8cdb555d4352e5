/**
 * Event type names: which class an event is stored as, and back.
 *
 * <p>{@link dev.eventcore.serialization.EventTypes#of(Class[])} registers event classes, usually
 * one sealed interface per stream category; {@link dev.eventcore.serialization.EventType} gives a
 * class a stable stored name (and a revision of its shape) that survives renaming the class; an
 * {@link dev.eventcore.serialization.Upcaster} reads an older shape, kept as a legacy record, as
 * today's class (stored events are never rewritten).
 */
@NullMarked
package dev.eventcore.serialization;

import org.jspecify.annotations.NullMarked;
