package dev.eventcore.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A test hook of boundary stores: every adapter stalls a conditional append for {@link #stall()}
 * after its check and its write, before its commit, with its locks held (on PostgreSQL inside the
 * one call that does both): a late committer. The racer tests set it to widen the window where a
 * check without locks, or a read position past the horizon, lets a late committer through. Global
 * to the JVM; zero unless a test sets it.
 *
 * @since 0.2.0
 */
public final class BoundaryHooks {
  private static volatile @Nullable Supplier<Duration> stall;

  private BoundaryHooks() {}

  /** Stalls every conditional append from now on for what {@code pause} gives each time. */
  public static void stallAfterCheck(Supplier<Duration> pause) {
    stall = Objects.requireNonNull(pause, "pause");
  }

  /** Stalls no conditional append from now on. */
  public static void clear() {
    stall = null;
  }

  /** How long the conditional append about to be checked stalls after its check. */
  public static Duration stall() {
    Supplier<Duration> pause = stall;
    return pause == null ? Duration.ZERO : pause.get();
  }
}
