package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import org.jspecify.annotations.Nullable;

/**
 * The subscription lifecycle of one {@link ProjectionWorker}: opens its {@link Run} (a store
 * subscription feeding a {@link GuardedHandler}) from a position, and closes it, saving where it
 * got to. At most one run exists at a time; it is replaced only under the worker's lock and read
 * lock-free by the worker's views.
 */
final class ProjectionRuns {
  private final ProjectionWorker worker;
  private final ErrorPolicy policy;
  private final @Nullable TransactionalCheckpointing transactional;
  private volatile @Nullable Run run;

  ProjectionRuns(ProjectionWorker worker, ErrorPolicy policy,
      @Nullable TransactionalCheckpointing transactional) {
    this.worker = worker;
    this.policy = policy;
    this.transactional = transactional;
  }

  ErrorPolicy policy() {
    return policy;
  }

  @Nullable Run current() {
    return run;
  }

  /**
   * Subscribes from {@code requested}; a transactional projection instead continues from the
   * checkpoint stored now, and opens its transaction.
   */
  void subscribe(GlobalPosition requested) {
    if (run != null) {
      throw new IllegalStateException("projection " + worker.name + " already has a subscription");
    }
    GlobalPosition from = requested;
    TransactionalCheckpointing tx = transactional;
    if (tx != null) {
      from = tx.open(); // it commits its own checkpoint: always continue from what is stored now
    }
    worker.projection.resumesAfter(from);
    RunnerSettings settings = worker.settings;
    Run next = new Run();
    // undecodable events come raw: the handler applies the error policy to them, never skips one
    next.attach(settings.store().subscribe(from, worker.projection.filter().deliveringUndecodable(),
        new GuardedHandler(worker, worker.projection, policy, settings, next)));
    run = next;
  }

  /**
   * Closes the current run, if any, and saves its position when {@code save}.
   *
   * @return false if the save was rejected: the lease was lost, the worker is on standby
   */
  boolean close(boolean save) {
    Run current = run;
    if (current == null) {
      return true;
    }
    current.close();
    run = null;
    boolean saved = !save || worker.flush(current.subscription().position());
    if (transactional != null) {
      transactional.abandon(); // releases its connection; a later open or reset starts afresh
    }
    return saved;
  }

  /** After a rolled-back commit: closes a live run and continues from the stored checkpoint. */
  void restartFromStored() {
    Run current = run;
    if (current != null) {
      current.close();
      run = null;
      resubscribe();
    }
  }

  /** Continues a transactional projection from its stored checkpoint. */
  void resubscribe() {
    try {
      subscribe(worker.claim().checkpoint().position());
    } catch (StaleCheckpointException e) {
      worker.loseLease(e);
    }
  }
}
