/**
 * Subscriptions: every event of the store-wide log delivered to a handler exactly once, in order,
 * first from history, then live.
 *
 * <p>One engine serves every adapter: a subscription catches up with filtered {@code readAll}
 * pages of its own, then joins the store's one log tailer, a thread that reads each new batch of
 * the log once, woken by the adapter's wake-up signal (right after a commit in the same JVM; by
 * NOTIFY or polling across processes), and hands it to every live subscription, which filters it
 * in memory. Each handler runs on its subscription's own thread; a slow one fills only its own
 * buffer, and past it catches up by itself. A handler exception stops the subscription at that
 * event; nothing is skipped.
 */
@NullMarked
package dev.eventcore.subscription;

import org.jspecify.annotations.NullMarked;
