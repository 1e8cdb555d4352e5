/**
 * The admin CLI ({@code eventcore-cli.jar}): streams and their events, the live log, projections
 * (inspected and steered across processes), dead letters, the horizon and health of a PostgreSQL
 * store. {@link dev.eventcore.cli.EventcoreCli} is the entry point; every command opens the store
 * read-only (no migration) with no event classes, so events are shown as their stored JSON.
 */
@NullMarked
package dev.eventcore.cli;

import org.jspecify.annotations.NullMarked;
