/**
 * Subscriptions: every event of the store-wide log delivered to a handler exactly once, in order,
 * first from history, then live.
 *
 * <p>One engine serves every adapter: it pages through {@code readAll} and, when caught up, waits
 * on the adapter's wake-up signal (woken right after a commit in the same JVM; by NOTIFY or polling
 * across processes). A handler exception stops the subscription at that event; nothing is skipped.
 */
@NullMarked
package dev.eventcore.subscription;

import org.jspecify.annotations.NullMarked;
