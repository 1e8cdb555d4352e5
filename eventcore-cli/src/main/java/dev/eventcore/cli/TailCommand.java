package dev.eventcore.cli;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tail}: follows the global log live, one line per event, until Ctrl-C or a limit. */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = "Follow the global log live (new events only, unless --from-start), one line per"
        + " event, until Ctrl-C or --limit events.")
final class TailCommand implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--category", paramLabel = "C", description = "Only events of streams of"
      + " category C (repeatable: any of them).")
  List<String> categories = List.of();

  @Option(names = "--type", paramLabel = "T",
      description = "Only events of type T (repeatable: any of them).")
  List<String> types = List.of();

  @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
  Optional<Long> limit = Optional.empty();

  @Option(names = "--from-start", description = "Start at the first event of the log.")
  boolean fromStart;

  @Override
  public Integer call() throws InterruptedException {
    if (limit.isPresent() && limit.get() < 1) {
      throw new CliException("--limit must be >= 1 but was " + limit.get());
    }
    EventFilter filter = EventFilter.all();
    if (!categories.isEmpty()) {
      filter = filter.withCategories(categories.toArray(String[]::new));
    }
    if (!types.isEmpty()) {
      filter = filter.withTypes(types.toArray(String[]::new));
    }
    Output output = common.output();
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong seen = new AtomicLong();
    try (Session session = common.open()) {
      GlobalPosition after = fromStart
          ? GlobalPosition.START
          : session.log().lastPosition().orElse(GlobalPosition.START);
      Thread closer = new Thread(session::close, "eventcore-cli-interrupted");
      Runtime.getRuntime().addShutdownHook(closer); // Ctrl-C: stop the subscription cleanly
      try (Subscription subscription = session.store().subscribe(after,
          filter.deliveringUndecodable(), event -> {
            if (done.getCount() == 0) {
              return;
            }
            print(output, event);
            if (limit.isPresent() && seen.incrementAndGet() >= limit.get()) {
              done.countDown();
            }
          })) {
        while (!done.await(200, TimeUnit.MILLISECONDS)) {
          Optional<SubscriptionFailedException> failure = subscription.failure();
          if (failure.isPresent()) {
            throw new CliException("the subscription failed: "
                + Session.rootMessage(failure.get()));
          }
        }
      } finally {
        removeHook(closer);
      }
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting (Ctrl-C): the hook runs
    }
  }

  @SuppressWarnings("unchecked")
  private static void print(Output output, RecordedEvent<?> event) {
    RecordedEvent<UndecodableEvent> raw = (RecordedEvent<UndecodableEvent>) event;
    if (output.json()) {
      output.printLine(StreamCommand.json(raw));
      return;
    }
    output.line(event.position().value() + "  " + Output.time(event.recordedAt()) + "  "
        + event.streamId().value() + "@" + event.version().value() + "  "
        + raw.payload().type() + "  " + Output.cut(raw.payload().data(), 200));
  }
}
