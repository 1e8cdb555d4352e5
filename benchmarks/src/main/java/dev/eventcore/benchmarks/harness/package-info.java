/**
 * The measuring machinery, independent of what is measured: the load driver (closed-loop and
 * fixed-rate, latency from the intended start time into HdrHistogram), interleaved rounds of a
 * subject and its raw baselines, statistics (median, spread, the "noisy" flag), target checks, and
 * the {@link dev.eventcore.benchmarks.harness.Workload} interface every workload implements.
 */
package dev.eventcore.benchmarks.harness;
