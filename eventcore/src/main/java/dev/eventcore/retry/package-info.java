/**
 * Retrying: a {@link dev.eventcore.retry.RetryPolicy} (bounded attempts, exponential backoff with
 * jitter) and the {@link dev.eventcore.retry.Sleeper} that waits between attempts. Shared by the
 * command executor, which retries concurrency conflicts, and the projection runner, which retries
 * failing handlers; it depends on nothing else in eventcore.
 */
@NullMarked
package dev.eventcore.retry;

import org.jspecify.annotations.NullMarked;
