package dev.eventcore.examples.demo;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.Subscription;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runnable demo: places orders, pays or cancels them, and keeps a live read model through a
 * subscription. In memory by default.
 *
 * <pre>
 * java -jar eventcore-examples/target/eventcore-demo.jar [--orders N]
 * </pre>
 */
public final class Demo {
  private static final String[] SKUS = {"apple", "pear", "plum", "fig"};

  private Demo() {}

  /** Runs the demo; see the class comment for the arguments. */
  public static void main(String[] args) throws InterruptedException {
    int orders = 300;
    for (int i = 0; i < args.length; i++) {
      if ("--orders".equals(args[i]) && i + 1 < args.length) {
        orders = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: demo [--orders N]");
        System.exit(2);
      }
    }
    EventTypes types = EventTypes.of(DemoEvent.class);
    try (EventStore store = new InMemoryEventStore(types)) {
      run(store, orders, System.out);
    }
  }

  static void run(EventStore store, int orders, PrintStream out) throws InterruptedException {
    Map<String, Long> byStatus = new TreeMap<>();
    AtomicLong revenue = new AtomicLong();
    long started = System.nanoTime();
    try (Subscription view =
        store.subscribe(
            GlobalPosition.START,
            event -> {
              Object payload = event.payload();
              String status = payload.getClass().getSimpleName().replace("Order", "");
              synchronized (byStatus) {
                byStatus.merge(status, 1L, Long::sum);
              }
              if (payload instanceof DemoEvent.OrderPaid) {
                revenue.addAndGet(((DemoEvent.OrderPaid) payload).amountCents());
              }
            })) {
      Random random = new Random(42);
      GlobalPosition last = GlobalPosition.START;
      for (int i = 1; i <= orders; i++) {
        String orderId = String.valueOf(i);
        StreamId stream = StreamId.of("order", orderId);
        var placed =
            new DemoEvent.OrderPlaced(
                orderId, SKUS[random.nextInt(SKUS.length)], 1 + random.nextInt(5), 250);
        store.append(stream, ExpectedVersion.noStream(), List.of(EventData.of(placed)));
        DemoEvent outcome =
            random.nextInt(10) == 0
                ? new DemoEvent.OrderCancelled(orderId, "payment declined")
                : new DemoEvent.OrderPaid(orderId, placed.quantity() * placed.priceCents());
        last =
            store
                .append(stream, ExpectedVersion.exactly(Version.of(1)), List.of(EventData.of(outcome)))
                .lastPosition();
        if (i % 100 == 0) {
          out.printf("  %d orders placed%n", i);
        }
      }
      if (!view.awaitPosition(last, Duration.ofSeconds(10))) {
        throw new IllegalStateException("the read model did not catch up within 10 s");
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long events = view.position().value();
      out.println();
      out.println("Orders by event:");
      synchronized (byStatus) {
        byStatus.forEach((status, count) -> out.printf("  %-10s %6d%n", status, count));
      }
      out.printf("Revenue:     %d.%02d%n", revenue.get() / 100, revenue.get() % 100);
      out.printf(
          "Events:      %d in %.2f s (%.0f events/s)%n", events, seconds, events / seconds);
    }
  }
}
