/**
 * Event type names: which class an event is stored as, and back.
 *
 * <p>{@link dev.eventcore.serialization.EventTypes#of(Class[])} registers event classes, usually
 * one sealed interface per stream category; {@link dev.eventcore.serialization.EventType} gives a
 * class a stable stored name that survives renaming the class.
 */
@NullMarked
package dev.eventcore.serialization;

import org.jspecify.annotations.NullMarked;
