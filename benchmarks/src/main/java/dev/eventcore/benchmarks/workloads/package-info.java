/**
 * The workloads of docs/benchmarks.md, one small class each, registered in {@link
 * dev.eventcore.benchmarks.workloads.Workloads#all()}. Library workloads compile against the {@link
 * dev.eventcore.EventStore} port only and get their store from the bench's store factory.
 */
package dev.eventcore.benchmarks.workloads;
