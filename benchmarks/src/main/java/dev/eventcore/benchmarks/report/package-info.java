/**
 * What a run produces: the {@link dev.eventcore.benchmarks.report.Report} model, rendered as a
 * console table, JSON, a Markdown report that starts with the environment, and SVG charts written
 * by hand (no charting dependency). Rendering is pure and unit-tested; only {@link
 * dev.eventcore.benchmarks.report.ReportWriter} touches files.
 */
package dev.eventcore.benchmarks.report;
