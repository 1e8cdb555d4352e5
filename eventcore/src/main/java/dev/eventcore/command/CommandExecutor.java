package dev.eventcore.command;

import dev.eventcore.EventStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.retry.Sleeper;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Runs {@link Command}s against an event store: reads the command's streams, folds them, decides,
 * and appends the decided events atomically with the versions it read as expected versions (the
 * streams read but not written are checked in the same append). On a conflict ({@link
 * dev.eventcore.WrongExpectedVersionException}) it re-reads and decides again, under its {@link
 * RetryPolicy}; a retryable store failure retries the same append (same event ids, so it is
 * idempotent).
 *
 * <pre>{@code
 * CommandExecutor executor = CommandExecutor.of(store);
 * CommandResult result = executor.execute(new Transfer(alice, bob, 100), CommandContext.of("req-1", "req-1"));
 * result.version(alice);    // alice's version after the transfer
 * }</pre>
 *
 * <p>Failures: {@link CommandRejectedException} from the command (never retried); {@link
 * CommandConflictException} when every attempt conflicted; {@link IllegalStateException} when the
 * command writes to a stream it did not read; any other store exception as thrown. Nothing is
 * written by a failed command.
 *
 * <p>Reads cost what is new: the executor keeps the recorded events of recently read streams in a
 * bounded cache ({@link Builder#eventCacheSize}), and each attempt reads from the store only the
 * events after those cached, so every decision still sees each stream as of that attempt. A cached
 * stream whose next stored event does not follow on is dropped and read again in full. Events
 * (their payloads included) are shared between threads and commands: keep them immutable.
 *
 * <p>Thread-safe: one executor serves any number of threads.
 *
 * @since 0.1.0
 */
public interface CommandExecutor {

  /** How many recorded events an executor caches unless told otherwise. */
  int DEFAULT_EVENT_CACHE_SIZE = 100_000;

  /**
   * An executor with the {@linkplain RetryPolicy#defaults() default retry policy} and the default
   * events cache ({@value #DEFAULT_EVENT_CACHE_SIZE} events).
   */
  static CommandExecutor of(EventStore store) {
    return builder(store).build();
  }

  /** A builder for an executor with a custom retry policy, sleeper or randomness. */
  static Builder builder(EventStore store) {
    return new Builder(store);
  }

  /** Runs {@code command} with no context metadata. */
  default <S> CommandResult execute(Command<S> command) {
    return execute(command, CommandContext.empty());
  }

  /**
   * Runs {@code command}, adding {@code context}'s metadata to every event written.
   *
   * @return the streams written, their new versions, the events and the attempts
   * @throws CommandRejectedException if the command rejected itself
   * @throws CommandConflictException if every attempt the policy allowed conflicted
   * @throws IllegalStateException if the command wrote to a stream it did not read
   */
  <S> CommandResult execute(Command<S> command, CommandContext context);

  /** Configures a {@link CommandExecutor}. Not thread-safe; {@link #build()} may be called again. */
  final class Builder {
    private final EventStore store;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Sleeper sleeper = Sleeper.system();
    private RandomGenerator random = Retrier.THREAD_LOCAL_RANDOM;
    private int eventCacheSize = DEFAULT_EVENT_CACHE_SIZE;
    private Observer observer = Observer.NONE;

    private Builder(EventStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** How often to retry on conflicts; default {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** How to wait between attempts; default {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The source of jitter; default the calling thread's {@code ThreadLocalRandom}. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * How many recorded events, over all streams, to keep in memory so that a command reads only
     * the events its streams gained since they were last read; the least recently read streams
     * are evicted first. Default {@value CommandExecutor#DEFAULT_EVENT_CACHE_SIZE}; 0 turns the
     * cache off (every command then reads its streams from their first event). The cache is split
     * in four for concurrency, so a stream with more than a quarter of the bound in events is not
     * cached and is read in full each time.
     *
     * @param events {@code >= 0}
     * @throws IllegalArgumentException if {@code events} is negative
     */
    public Builder eventCacheSize(int events) {
      if (events < 0) {
        throw new IllegalArgumentException(
            "eventCacheSize must be >= 0 events (0 turns the cache off) but was " + events);
      }
      this.eventCacheSize = events;
      return this;
    }

    /** Who hears each command's outcome, attempts and duration; default {@link Observer#NONE}. */
    public Builder observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** The executor. */
    public CommandExecutor build() {
      return new DefaultCommandExecutor(store, new Retrier(retryPolicy, sleeper, random),
          eventCacheSize, Observer.of(observer));
    }
  }
}
