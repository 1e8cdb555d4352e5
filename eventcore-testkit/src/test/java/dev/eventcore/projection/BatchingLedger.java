package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TransactionalProjection} in memory that writes in batches, as a JDBC one does: handled
 * events pend in a transaction that {@link #open} (or a {@link #reset}) starts and {@link #abandon}
 * ends (handling an event without one fails; a commit without one writes nothing), and are written
 * when the runner commits or, with a batch size, when a batch is full. Writing a text in {@link #poison} fails: the batch commits the events
 * before it, sets the rest aside and needs them delivered again ({@link #redeliveryNeeded()}); the
 * one at fault then comes first and is handled alone, so that its failure reaches the error
 * policy.
 */
final class BatchingLedger implements TransactionalProjection {
  final List<String> committed = new CopyOnWriteArrayList<>();
  final Set<String> poison = ConcurrentHashMap.newKeySet();
  final AtomicInteger opens = new AtomicInteger();
  /** Commits to fail with an error of the database; a reset's commit if {@link #onReset}. */
  final AtomicInteger failures = new AtomicInteger();
  /** Commits to refuse as if another instance had saved (fenced out). */
  final AtomicInteger fenced = new AtomicInteger();
  volatile boolean onReset;
  private final CheckpointStore checkpoints;
  private final Duration delay;
  private final int maxBatch;
  private final List<RecordedEvent<?>> pending = new ArrayList<>();
  private boolean open;
  private boolean accepting;
  private boolean resetPending;
  private volatile boolean redelivery;
  private @Nullable GlobalPosition suspect;
  private OptionalLong pendingSince = OptionalLong.empty();
  private Checkpoint stored = Checkpoint.initial("ledger");
  private long token;
  private GlobalPosition lastHandled = GlobalPosition.START;

  BatchingLedger(CheckpointStore checkpoints, Duration delay, int maxBatch) {
    this.checkpoints = checkpoints;
    this.delay = delay;
    this.maxBatch = maxBatch;
  }

  static String text(RecordedEvent<?> event) {
    return ((ContractEvent.Noted) event.payload()).text();
  }

  synchronized boolean isOpen() {
    return open;
  }

  @Override
  public String name() {
    return "ledger";
  }

  @Override
  public Duration commitDelay() {
    return delay;
  }

  @Override
  public synchronized OptionalLong pendingSince() {
    return pendingSince;
  }

  @Override
  public synchronized Optional<Checkpoint> lastCommitted() {
    return Optional.of(stored);
  }

  @Override
  public boolean redeliveryNeeded() {
    return redelivery;
  }

  @Override
  public synchronized void open(Checkpoint from, long fencingToken) {
    open = true;
    opens.incrementAndGet();
    accepting = true;
    redelivery = false;
    resetPending = false;
    discard();
    stored = from;
    token = fencingToken;
    lastHandled = from.position();
    if (suspect != null && !suspect.isAfter(from.position())) {
      suspect = null;
    }
  }

  @Override
  public synchronized void handle(RecordedEvent<?> event) {
    requireOpen();
    if (!accepting) {
      return; // set aside: it comes again from the stored checkpoint
    }
    if (suspect != null && !event.position().isAfter(suspect)) {
      if (poison.contains(text(event))) {
        throw new IllegalStateException("cannot write " + text(event));
      }
    } else {
      suspect = null;
    }
    pending.add(event);
    lastHandled = event.position();
    if (pendingSince.isEmpty()) {
      pendingSince = OptionalLong.of(System.nanoTime());
    }
    if (maxBatch > 0 && pending.size() >= maxBatch) {
      write(lastHandled); // a full batch: committed by itself
    }
  }

  /** Clears the read model in a new pending transaction, which the next commit writes. */
  @Override
  public synchronized void reset() {
    discard();
    open = true;
    accepting = true;
    resetPending = true;
    suspect = null;
    lastHandled = GlobalPosition.START;
  }

  @Override
  public synchronized Checkpoint commit(GlobalPosition position) {
    if (fenced.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new StaleCheckpointException(stored, stored.next(stored.position(), token + 1), token);
    }
    if ((!onReset || resetPending) && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("disk full");
    }
    if (!accepting) {
      return stored; // nothing is written while set aside
    }
    return write(lastHandled.isAfter(position) ? lastHandled : position);
  }

  @Override
  public synchronized void abandon() {
    open = false;
    accepting = false;
    resetPending = false;
    discard();
  }

  private Checkpoint write(GlobalPosition target) {
    if (pending.isEmpty() && !resetPending && target.equals(stored.position())) {
      return stored;
    }
    for (int i = 0; i < pending.size(); i++) {
      if (poison.contains(text(pending.get(i)))) {
        List<RecordedEvent<?>> good = List.copyOf(pending.subList(0, i));
        suspect = pending.get(i).position();
        if (!good.isEmpty()) {
          pending.retainAll(good);
          save(good.get(good.size() - 1).position());
        }
        discard();
        accepting = false;
        redelivery = true;
        return stored;
      }
    }
    return save(target);
  }

  private Checkpoint save(GlobalPosition target) {
    stored = checkpoints.save(stored, target, token);
    if (resetPending) {
      committed.clear();
      resetPending = false;
    }
    pending.forEach(event -> committed.add(text(event)));
    discard();
    return stored;
  }

  private void discard() {
    pending.clear();
    pendingSince = OptionalLong.empty();
  }

  private void requireOpen() {
    if (!open) {
      throw new IllegalStateException("no open transaction: handled before open or after abandon");
    }
  }
}
