package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.internal.HandlerMdc;
import dev.eventcore.internal.ObservedWork;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.subscription.EventHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Calls a projection's handler under its {@link ErrorPolicy}: retries with backoff, then throws
 * (the subscription stops at the event) or records a dead letter and returns. A stored event that
 * cannot be decoded arrives raw and never reaches the handler: the policy dead-letters it with its
 * raw envelope, or stops at it, at once (decoding again cannot succeed). Runs on the
 * subscription's thread and never takes the worker's lock.
 */
final class GuardedHandler implements EventHandler {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedHandler.class);

  private final ProjectionWorker worker;
  private final Projection projection;
  private final ErrorPolicy policy;
  private final RunnerSettings settings;
  private final Run run;
  private final @Nullable TransactionalProjection transactional;

  GuardedHandler(
      ProjectionWorker worker, Projection projection, ErrorPolicy policy, RunnerSettings settings,
      Run run) {
    this.worker = worker;
    this.projection = projection;
    this.policy = policy;
    this.settings = settings;
    this.run = run;
    this.transactional = projection instanceof TransactionalProjection
        ? (TransactionalProjection) projection
        : null;
  }

  @Override
  public void handle(RecordedEvent<?> event) throws Exception {
    Observer observer = settings.observer();
    if (observer == Observer.NONE) {
      handleEvent(event);
    } else {
      ObservedWork.run(observer, WorkKind.PROJECTION, projection.name(), event.metadata(),
          () -> handleEvent(event));
    }
  }

  private void handleEvent(RecordedEvent<?> event) throws Exception {
    if (event.payload() instanceof UndecodableEvent) {
      @SuppressWarnings("unchecked")
      RecordedEvent<UndecodableEvent> raw = (RecordedEvent<UndecodableEvent>) event;
      undecodable(raw);
      return;
    }
    String name = projection.name();
    RetryPolicy retry = policy.retry();
    MDC.put(HandlerMdc.PROJECTION, name);
    try {
      handleGuarded(event, name, retry);
    } finally {
      MDC.remove(HandlerMdc.PROJECTION);
    }
  }

  @Override
  public String name() {
    return projection.name();
  }

  private void handleGuarded(RecordedEvent<?> event, String name, RetryPolicy retry)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        projection.handle(event);
        if (event.completesStoredEvent()) {
          worker.counters.handledOne(); // counts stored events, as countAfter does
        }
        processed();
        return;
      } catch (Exception e) {
        if (run.isCancelled()) {
          run.awaitClosing();
          throw e;
        }
        Instant now = settings.clock().instant();
        worker.recordError(ProjectionError.onEvent(name, event, attempt, e, now));
        if (attempt >= retry.maxAttempts()) {
          giveUp(event, attempt, e, now);
          return;
        }
        Duration delay = retry.backoff(attempt, ThreadLocalRandom.current().nextDouble());
        LOG.warn("projection {}: event {} failed (attempt {} of {}), retrying in {} ms: {}",
            name, event.describe(), attempt, retry.maxAttempts(), delay.toMillis(), e.toString(),
            e);
        if (!run.sleep(delay, settings.sleeper())) {
          run.awaitClosing();
          throw e;
        }
      }
    }
  }

  /** Tells the checkpoint cadence, and the supervisor if a projection needs its events again. */
  private void processed() {
    if (transactional != null && transactional.redeliveryNeeded()) {
      worker.cadence().request();
    } else {
      worker.cadence().handled();
    }
  }

  /** The subscription caught up: the projection hears it. */
  @Override
  public void caughtUp() throws Exception {
    try {
      projection.caughtUp();
    } catch (Exception e) {
      GlobalPosition at = worker.position();
      worker.recordError(ProjectionError.of("projection " + projection.name()
          + " failed on catching up at position " + at + ": " + e, at, settings.clock().instant()));
      throw e;
    }
  }

  /**
   * A stored event the projection cannot be given: dead-letter it with its raw envelope and go on,
   * or, under a stop policy, throw, stopping the projection at its position. Never skipped
   * without a record.
   */
  private void undecodable(RecordedEvent<UndecodableEvent> event) throws Exception {
    UndecodableEventException error = new UndecodableEventException(event, null);
    Instant now = settings.clock().instant();
    String name = projection.name();
    settings.observer().undecodable(name);
    if (!(policy instanceof ErrorPolicy.RetryThenDeadLetter)) {
      worker.recordError(ProjectionError.onEvent(name, event, 1, error, now));
      throw error;
    }
    DeadLetterStore deadLetters = ((ErrorPolicy.RetryThenDeadLetter) policy).deadLetters();
    try {
      deadLetters.add(DeadLetter.undecodable(name, event, error, now));
      settings.observer().deadLettered(name);
    } catch (RuntimeException e) {
      worker.recordError(ProjectionError.onEvent(name, event, 1, e, now));
      DeadLetterFailedException failed = new DeadLetterFailedException("projection " + name + " could not"
          + " record a dead letter for undecodable event " + event.describe() + ", so it stops"
          + " there: " + e, e);
      failed.addSuppressed(error);
      throw failed;
    }
    worker.counters.deadLetteredOne();
    projection.skipped(event);
    processed();
    // the reason may quote the stored data: only at DEBUG
    LOG.warn("projection {} did not apply undecodable event {} (revision {}); recorded a dead"
        + " letter with its raw envelope", name, event.describe(), event.payload().revision());
    LOG.debug("projection {}: event {} cannot be decoded: {}", name, event.describe(),
        event.payload().reason());
  }

  /** The attempts are used up: dead-letter and return, or rethrow to stop. */
  private void giveUp(RecordedEvent<?> event, int attempts, Exception error, Instant now)
      throws Exception {
    if (!(policy instanceof ErrorPolicy.RetryThenDeadLetter)) {
      throw error;
    }
    DeadLetterStore deadLetters = ((ErrorPolicy.RetryThenDeadLetter) policy).deadLetters();
    try {
      deadLetters.add(DeadLetter.of(projection.name(), event, attempts, error, now));
      settings.observer().deadLettered(projection.name());
    } catch (RuntimeException e) {
      DeadLetterFailedException failed = new DeadLetterFailedException(
          "projection " + projection.name() + " could not record a dead letter for event "
              + event.describe() + ", so it stops there: " + e, e);
      failed.addSuppressed(error);
      throw failed;
    }
    worker.counters.deadLetteredOne();
    processed();
    LOG.warn("projection {} gave up on event {} after {} attempts and recorded a dead letter: {}",
        projection.name(), event.describe(), attempts, error.toString(), error);
  }
}
