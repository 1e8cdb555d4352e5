/**
 * The Jackson 2 codec's strict writing rules. Not API: use {@link
 * dev.eventcore.jackson2.Jackson2Codec}.
 */
@NullMarked
package dev.eventcore.jackson2.internal;

import org.jspecify.annotations.NullMarked;
