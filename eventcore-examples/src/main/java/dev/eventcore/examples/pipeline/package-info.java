/**
 * The order pipeline as a reusable scenario: restock, place orders from a seeded random, run the
 * fulfillment saga against a simulated payment gateway, keep four read models, and wait until
 * every order is delivered or cancelled. {@link dev.eventcore.examples.pipeline.OrderPipeline}
 * runs it on any store; the demo prints it, the benchmark suite measures it. {@link
 * dev.eventcore.examples.pipeline.CountedDataSource} counts the statements and transactions a
 * run sends to PostgreSQL.
 */
@NullMarked
package dev.eventcore.examples.pipeline;

import org.jspecify.annotations.NullMarked;
