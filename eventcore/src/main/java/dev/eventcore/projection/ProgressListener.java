package dev.eventcore.projection;

/**
 * Receives rebuild progress: once when a rebuild begins, at the runner's progress interval, and
 * once when it finishes ({@link RebuildProgress#finished()}). Called on the runner's supervisor
 * thread of the projection; keep it quick. An exception is logged and ignored.
 *
 * <pre>{@code
 * ProjectionRunner.builder(store, checkpoints)
 *     .progressListener(p -> progressBar.set(p.fraction()))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProgressListener {

  /** Called with the current progress. */
  void onProgress(RebuildProgress progress);

  /** A listener that ignores progress. */
  static ProgressListener none() {
    return progress -> {};
  }
}
