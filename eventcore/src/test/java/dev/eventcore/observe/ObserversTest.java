package dev.eventcore.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Several observers as one: every call reaches each of them, in order, with its arguments. */
class ObserversTest {

  /** Records each call as text; {@code throwing} also throws after recording it. */
  record Recording(List<String> heard, boolean throwing) implements Observer {
    private void hear(String call) {
      heard.add(call);
      if (throwing) {
        throw new IllegalStateException("broken: " + call);
      }
    }

    @Override
    public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
      hear("appended " + outcome + " " + streams + " " + events + " " + nanos);
    }

    @Override
    public void encoded(int events, long bytes) {
      hear("encoded " + events + " " + bytes);
    }

    @Override
    public void read(ReadKind kind, int events, long nanos) {
      hear("read " + kind + " " + events + " " + nanos);
    }

    @Override
    public void delivered(String subscription, int events, long backlog) {
      hear("delivered " + subscription + " " + events + " " + backlog);
    }

    @Override
    public void caughtUp(String subscription) {
      hear("caughtUp " + subscription);
    }

    @Override
    public void subscriptionFailed(String subscription, Throwable cause) {
      hear("subscriptionFailed " + subscription + " " + cause.getMessage());
    }

    @Override
    public void projectionCommitted(String projection, int events, long nanos) {
      hear("projectionCommitted " + projection + " " + events + " " + nanos);
    }

    @Override
    public void deadLettered(String projection) {
      hear("deadLettered " + projection);
    }

    @Override
    public void undecodable(String projection) {
      hear("undecodable " + projection);
    }

    @Override
    public void leaseChanged(String projection, boolean held) {
      hear("leaseChanged " + projection + " " + held);
    }

    @Override
    public void rebuildProgress(String projection, long processed, long total) {
      hear("rebuildProgress " + projection + " " + processed + " " + total);
    }

    @Override
    public void commandHandled(String command, CommandOutcome outcome, int attempts, long nanos) {
      hear("commandHandled " + command + " " + outcome + " " + attempts + " " + nanos);
    }

    @Override
    public void sagaStep(String saga) {
      hear("sagaStep " + saga);
    }

    @Override
    public void sagaDispatched(String saga, boolean rejected) {
      hear("sagaDispatched " + saga + " " + rejected);
    }

    @Override
    public void sagaTimeoutFired(String saga) {
      hear("sagaTimeoutFired " + saga);
    }

    @Override
    public void sagaCompensated(String saga) {
      hear("sagaCompensated " + saga);
    }

    @Override
    public void horizonStall(long nanos) {
      hear("horizonStall " + nanos);
    }

    @Override
    public void poolUse(int active, int idle, int waiting) {
      hear("poolUse " + active + " " + idle + " " + waiting);
    }

    @Override
    public String toString() {
      return throwing ? "throwing" : "recording";
    }
  }

  /** Every call an observer hears, by the name of its method, with arguments. */
  static final Map<String, Consumer<Observer>> CALLS = new LinkedHashMap<>();

  static {
    CALLS.put("appended", o -> o.appended(AppendOutcome.CONFLICT, 2, 3, 4));
    CALLS.put("encoded", o -> o.encoded(5, 6));
    CALLS.put("read", o -> o.read(ReadKind.STREAM, 7, 8));
    CALLS.put("delivered", o -> o.delivered("s", 9, 10));
    CALLS.put("caughtUp", o -> o.caughtUp("s"));
    CALLS.put("subscriptionFailed",
        o -> o.subscriptionFailed("s", new IllegalStateException("boom")));
    CALLS.put("projectionCommitted", o -> o.projectionCommitted("p", 11, 12));
    CALLS.put("deadLettered", o -> o.deadLettered("p"));
    CALLS.put("undecodable", o -> o.undecodable("p"));
    CALLS.put("leaseChanged", o -> o.leaseChanged("p", true));
    CALLS.put("rebuildProgress", o -> o.rebuildProgress("p", 13, 14));
    CALLS.put("commandHandled", o -> o.commandHandled("c", CommandOutcome.REJECTED, 15, 16));
    CALLS.put("sagaStep", o -> o.sagaStep("g"));
    CALLS.put("sagaDispatched", o -> o.sagaDispatched("g", true));
    CALLS.put("sagaTimeoutFired", o -> o.sagaTimeoutFired("g"));
    CALLS.put("sagaCompensated", o -> o.sagaCompensated("g"));
    CALLS.put("horizonStall", o -> o.horizonStall(17));
    CALLS.put("poolUse", o -> o.poolUse(18, 19, 20));
  }

  @Test
  void everyCallReachesEveryObserverEvenAfterOneThrows() {
    List<String> broken = new ArrayList<>();
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    Observer all = Observer.of(new Recording(broken, true), new Recording(first, false),
        Observer.of(new Recording(second, false)));
    CALLS.values().forEach(call -> call.accept(all));
    List<String> expected = List.of("appended CONFLICT 2 3 4", "encoded 5 6", "read STREAM 7 8",
        "delivered s 9 10", "caughtUp s", "subscriptionFailed s boom",
        "projectionCommitted p 11 12",
        "deadLettered p", "undecodable p", "leaseChanged p true", "rebuildProgress p 13 14",
        "commandHandled c REJECTED 15 16", "sagaStep g", "sagaDispatched g true",
        "sagaTimeoutFired g", "sagaCompensated g", "horizonStall 17", "poolUse 18 19 20");
    assertEquals(expected, broken);
    assertEquals(expected, first);
    assertEquals(expected, second, "a composite inside a composite");
    assertEquals("Observer.of[throwing, recording, recording]", all.toString());
  }
}
