/**
 * Commands: the write side. A {@link dev.eventcore.command.Command} chooses its own consistency
 * boundary (the streams it reads), folds them into a state and decides events for them; the
 * {@link dev.eventcore.command.CommandExecutor} appends them atomically with optimistic
 * concurrency and retries conflicts under a {@link dev.eventcore.retry.RetryPolicy}.
 *
 * <p>The common single-stream case is a {@link dev.eventcore.command.Decider} ({@code
 * initialState}, {@code evolve}, {@code decide}) handled by an {@link
 * dev.eventcore.command.AggregateRepository}, which can load from snapshots.
 *
 * <p>Both cost what is new: the repository caches folded states per stream and the executor caches
 * recorded events per stream, each bounded and on by default, and neither lets a decision rest on
 * a stale cached state (an optimistic append that fails, or a read of the stream's tail).
 */
@NullMarked
package dev.eventcore.command;

import org.jspecify.annotations.NullMarked;
