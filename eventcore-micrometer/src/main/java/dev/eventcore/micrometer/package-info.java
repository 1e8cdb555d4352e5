/**
 * Micrometer meters for eventcore: {@link dev.eventcore.micrometer.MicrometerObserver} counts and
 * times appends, reads, subscriptions, projections, commands and saga steps, and binds projection
 * runners' lag as gauges.
 */
@NullMarked
package dev.eventcore.micrometer;

import org.jspecify.annotations.NullMarked;
