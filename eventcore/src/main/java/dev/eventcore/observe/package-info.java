/**
 * The observer SPI: one small interface, {@link dev.eventcore.observe.Observer}, that the store,
 * subscriptions, projections, commands and sagas report to, for metrics ({@code
 * eventcore-micrometer}), traces ({@code eventcore-opentelemetry}: scopes around each {@link
 * dev.eventcore.observe.WorkKind} of work and entries added to appended events) and logs. Set an
 * observer on the builders; with none set, nothing is measured or wrapped and nothing is allocated
 * for it.
 */
@org.jspecify.annotations.NullMarked
package dev.eventcore.observe;
