/**
 * Where the library's stores come from. Every library workload obtains its {@link
 * dev.eventcore.EventStore} from a {@link dev.eventcore.benchmarks.store.StoreFactory} and compiles
 * against the {@code EventStore} port only; {@link
 * dev.eventcore.benchmarks.store.PostgresStoreFactory} is the one place that names the PostgreSQL
 * adapter.
 */
package dev.eventcore.benchmarks.store;
