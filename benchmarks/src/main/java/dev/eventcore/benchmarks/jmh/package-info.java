/**
 * JMH benchmarks of workload W12 (the in-memory store: append and replay, one thread), run in a
 * forked JVM by {@link dev.eventcore.benchmarks.jmh.JmhRunner} from the suite's own jar.
 */
package dev.eventcore.benchmarks.jmh;
