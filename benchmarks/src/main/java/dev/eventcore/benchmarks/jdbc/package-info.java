/**
 * Everything that talks JDBC directly: the benchmark database and its schemas, the data source that
 * counts round trips, and the raw-JDBC probes every library figure is divided by. The probes are
 * written as a competent engineer would write them by hand: one dedicated connection per thread,
 * prepared statements, autocommit so a single statement is a single round trip and commit, array
 * binding with {@code unnest} for batches, binary COPY, streaming reads with a fetch size.
 */
package dev.eventcore.benchmarks.jdbc;
