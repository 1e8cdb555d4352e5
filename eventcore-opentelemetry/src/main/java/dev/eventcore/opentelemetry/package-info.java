/**
 * OpenTelemetry traces for eventcore: {@link dev.eventcore.opentelemetry.OpenTelemetryObserver}
 * starts spans around commands, appends, projections and saga steps, and carries the W3C trace
 * context in each event's metadata from the command that wrote it to the handlers that read it.
 */
@org.jspecify.annotations.NullMarked
package dev.eventcore.opentelemetry;
