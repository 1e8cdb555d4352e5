/**
 * Retention: how long the streams of a category keep their events ({@link
 * dev.eventcore.retention.RetentionRule}), enforced by a background job ({@link
 * dev.eventcore.retention.RetentionJob}) that truncates streams through the store's {@link
 * dev.eventcore.StreamDeletions}.
 */
@NullMarked
package dev.eventcore.retention;

import org.jspecify.annotations.NullMarked;
