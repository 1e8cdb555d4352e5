/**
 * The events every workload writes and reads, and the one JSON mapper that both the raw-JDBC
 * probes and the library's decoding are measured with, so that raw and library do the same work.
 */
package dev.eventcore.benchmarks.events;
