/**
 * The benchmark suite of docs/benchmarks.md: {@link dev.eventcore.benchmarks.Main} parses the command
 * line ({@link dev.eventcore.benchmarks.Options}) and {@link dev.eventcore.benchmarks.Suite} runs
 * the calibration and the selected workloads, then writes the console table, JSON and Markdown
 * report under {@code benchmarks/results/<timestamp>/}.
 *
 * <pre>
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar [quick|full] [--jdbc-url URL] [--only W1,W3]
 *     [--store postgres|memory] [--out DIR]
 * </pre>
 */
package dev.eventcore.benchmarks;
