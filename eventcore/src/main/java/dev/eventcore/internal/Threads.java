package dev.eventcore.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads eventcore's components start: from the host's {@link ThreadFactory} when one was
 * given (its threads keep the names and kind it gives them: virtual threads are fine), else named
 * daemon threads. Not API.
 */
public final class Threads {
  private Threads() {}

  /**
   * A new, unstarted thread running {@code task}: from {@code factory} if present, else a daemon
   * thread named {@code name}.
   *
   * @throws IllegalStateException if the factory returns no thread
   */
  public static Thread newThread(Optional<ThreadFactory> factory, String name, Runnable task) {
    if (factory.isPresent()) {
      Thread thread = factory.get().newThread(task);
      if (thread == null) {
        throw new IllegalStateException("the threadFactory returned null for " + name
            + ": a thread factory returned no thread where it must return a new, unstarted one");
      }
      return thread;
    }
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * {@code factory} if present, else a factory of daemon threads named {@code prefix-1}, {@code
   * prefix-2}, ...; a factory returning null fails as in {@link #newThread}.
   */
  public static ThreadFactory factory(Optional<ThreadFactory> factory, String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    AtomicInteger count = new AtomicInteger();
    return task -> newThread(factory, prefix + "-" + count.incrementAndGet(), task);
  }
}
