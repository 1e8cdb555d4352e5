package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Beginning a rebuild and reporting its progress. */
final class Rebuilds {
  private static final Logger LOG = LoggerFactory.getLogger(Rebuilds.class);

  private final ProjectionWorker worker;

  Rebuilds(ProjectionWorker worker) {
    this.worker = worker;
  }

  /** Under the worker's lock, holding the lease, with no run: reset, checkpoint START, replay. */
  void begin() {
    String name = worker.name;
    Instant now = worker.now();
    try {
      worker.projection.reset();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      ProjectionError error = ProjectionError.of(
          "projection " + name + ": its reset before a rebuild failed: " + e, worker.position(), now);
      worker.fail(error);
      ProjectionFailedException failed = new ProjectionFailedException(name, error);
      failed.initCause(e);
      throw failed;
    }
    if (!worker.flush(GlobalPosition.START)) {
      throw new IllegalStateException("projection " + name + " lost its lease while resetting its"
          + " checkpoint; not rebuilt");
    }
    if (!worker.position().equals(GlobalPosition.START)) { // a transactional commit failed
      ProjectionError error = ProjectionError.of("projection " + name + ": committing its reset"
          + " before a rebuild failed; nothing was reset", worker.position(), now);
      worker.fail(error);
      throw new ProjectionFailedException(name, error);
    }
    long total = worker.settings.store().countAfter(GlobalPosition.START, worker.projection.filter());
    RebuildTracker tracker = new RebuildTracker(total, worker.counters.processed(), now);
    worker.beginRebuild(tracker);
    LOG.info("projection {}: rebuild started, {} events to replay", name, total);
    report(worker, tracker.progress(name, tracker.processedAtStart(), now, false));
  }

  /**
   * Under the worker's lock, just granted {@code held}, which carries an operator's rebuild
   * request: rebuilds as {@link #begin()} does, then clears the request. If the reset fails the
   * projection fails (and the request stays for the next instance granted the lease).
   */
  void beginRequested(Lease held) {
    LOG.info("projection {}: a rebuild was requested through its lease (token {}); rebuilding",
        worker.name, held.fencingToken());
    begin();
    held.rebuildStarted();
  }

  /** Hands {@code progress} to the listener and logs it at INFO. */
  static void report(ProjectionWorker worker, RebuildProgress progress) {
    if (progress.finished()) {
      LOG.info("projection {}: rebuild finished, {} events replayed at {} events/s",
          progress.projection(), progress.done(), Math.round(progress.eventsPerSecond()));
    } else if (progress.done() > 0) {
      LOG.info("projection {}: rebuilding, {}/{} events ({}%), {} events/s, ETA {}",
          progress.projection(), progress.done(), progress.total(),
          Math.round(progress.fraction() * 100), Math.round(progress.eventsPerSecond()),
          progress.eta().map(eta -> eta.toSeconds() + " s").orElse("unknown"));
    }
    worker.settings.observer().rebuildProgress(
        progress.projection(), progress.done(), progress.total());
    try {
      worker.settings.progressListener().onProgress(progress);
    } catch (RuntimeException e) {
      LOG.warn("projection {}: the progress listener failed: {}", progress.projection(),
          e.toString(), e);
    }
  }
}
