package dev.eventcore.examples.pipeline;

import dev.eventcore.GlobalPosition;
import dev.eventcore.projection.ProjectionRunner;

/**
 * Hears what an {@link OrderPipeline} run is doing: the demo prints it, the benchmark samples the
 * read models' lag from {@link #placed}. Every method has a no-op default. Called on the thread
 * that runs the pipeline; keep it quick (the run waits for it).
 */
public interface PipelineListener {

  /** A listener that ignores everything. */
  static PipelineListener none() {
    return new PipelineListener() {};
  }

  /**
   * The store already holds {@code storedEvents} events from earlier runs; the read models catch
   * up with them before any order is placed.
   */
  default void catchingUp(long storedEvents) {}

  /** The run's projection runner exists (nothing registered yet): e.g. to bind metrics to it. */
  default void started(ProjectionRunner runner) {}

  /**
   * The read models have caught up with the earlier events, up to {@code head}.
   *
   * @throws InterruptedException if interrupted while checking them
   */
  default void caughtUp(GlobalPosition head) throws InterruptedException {}

  /** The run is about to restock and place {@code orders} orders, numbered from {@code first}. */
  default void placing(int orders, int first) {}

  /**
   * Order {@code orderId}, the {@code index}-th of this run (from 1), was placed: its command's
   * append returned at {@code nanoTime} ({@link System#nanoTime()}).
   */
  default void placed(String orderId, int index, long nanoTime) {}

  /** Every order is placed; the run waits for the saga to settle them. Called every few seconds. */
  default void settling() {}

  /** Every order is delivered or cancelled, no saga is open, every read model has caught up. */
  default void settled() {}
}
