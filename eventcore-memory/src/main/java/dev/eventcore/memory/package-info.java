/**
 * The in-memory event store: the exact semantics of the PostgreSQL store, in one JVM, for tests,
 * prototypes and single-process tools.
 *
 * <pre>{@code
 * EventStore store = new InMemoryEventStore();
 * }</pre>
 */
@NullMarked
package dev.eventcore.memory;

import org.jspecify.annotations.NullMarked;
