package dev.eventcore.spi;

import java.util.Objects;

/**
 * A test hook of boundary stores: {@link #checked()} runs, in every adapter, between a
 * conditional append's check and its write, with the check's locks held. The racer tests set it
 * to stall writers there, the window where a check without locks lets a late committer through.
 * Not for production use: it is global to the JVM.
 *
 * @since 0.2.0
 */
public final class BoundaryHooks {
  private static volatile Runnable afterCheck = () -> { };

  private BoundaryHooks() {}

  /** Runs {@code hook} after every conditional append's check from now on. */
  public static void afterCheck(Runnable hook) {
    afterCheck = Objects.requireNonNull(hook, "hook");
  }

  /** Runs nothing after the checks from now on. */
  public static void clear() {
    afterCheck = () -> { };
  }

  /** Called by adapters after a check, before the write. */
  public static void checked() {
    afterCheck.run();
  }
}
