package dev.eventcore.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** An observer that writes every call down as text: "method arg1 arg2 ...", nanos left out. */
public final class RecordingObserver implements Observer {
  public final List<String> calls = new CopyOnWriteArrayList<>();
  public final List<Long> nanos = new CopyOnWriteArrayList<>();

  /** The calls whose text starts with {@code prefix}. */
  public List<String> of(String prefix) {
    return calls.stream().filter(call -> call.startsWith(prefix)).collect(Collectors.toList());
  }

  @Override
  public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
    calls.add("appended " + outcome + " " + streams + " " + events);
    this.nanos.add(nanos);
  }

  @Override
  public void encoded(int events, long bytes) {
    calls.add("encoded " + events + " " + bytes);
  }

  @Override
  public void read(ReadKind kind, int events, long nanos) {
    calls.add("read " + kind + " " + events);
    this.nanos.add(nanos);
  }

  @Override
  public void delivered(String subscription, int events, long backlog) {
    calls.add("delivered " + subscription + " " + events);
  }

  @Override
  public void caughtUp(String subscription) {
    calls.add("caughtUp " + subscription);
  }

  @Override
  public void subscriptionFailed(String subscription, Throwable cause) {
    calls.add("subscriptionFailed " + subscription);
  }

  @Override
  public void projectionCommitted(String projection, int events, long nanos) {
    calls.add("projectionCommitted " + projection + " " + events);
  }

  @Override
  public void deadLettered(String projection) {
    calls.add("deadLettered " + projection);
  }

  @Override
  public void undecodable(String projection) {
    calls.add("undecodable " + projection);
  }

  @Override
  public void leaseChanged(String projection, boolean held) {
    calls.add("leaseChanged " + projection + " " + held);
  }

  @Override
  public void rebuildProgress(String projection, long processed, long total) {
    calls.add("rebuildProgress " + projection + " " + processed + " " + total);
  }

  @Override
  public void commandHandled(String command, CommandOutcome outcome, int attempts, long nanos) {
    calls.add("commandHandled " + command + " " + outcome + " " + attempts);
    this.nanos.add(nanos);
  }

  @Override
  public void sagaStep(String saga) {
    calls.add("sagaStep " + saga);
  }

  @Override
  public void sagaDispatched(String saga, boolean rejected) {
    calls.add("sagaDispatched " + saga + " " + rejected);
  }

  @Override
  public void sagaTimeoutFired(String saga) {
    calls.add("sagaTimeoutFired " + saga);
  }

  @Override
  public void sagaCompensated(String saga) {
    calls.add("sagaCompensated " + saga);
  }

  @Override
  public void horizonStall(long nanos) {
    calls.add("horizonStall");
  }

  @Override
  public void poolUse(int active, int idle, int waiting) {
    calls.add("poolUse");
  }
}
