package dev.eventcore.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated by every live JVM thread, from {@code com.sun.management.ThreadMXBean}. A delta
 * of two snapshots covers the workload's threads and the store's own (e.g. a group-commit flusher);
 * bytes of threads that ended between the snapshots are lost, which only under-counts.
 */
public final class Allocation {
  private static final com.sun.management.ThreadMXBean THREADS = bean();

  private final Map<Long, Long> bytesByThread;

  private Allocation(Map<Long, Long> bytesByThread) {
    this.bytesByThread = bytesByThread;
  }

  /** The allocation counters of every live thread now, or an empty snapshot if unsupported. */
  public static Allocation snapshot() {
    Map<Long, Long> bytes = new HashMap<>();
    if (THREADS != null) {
      long[] ids = THREADS.getAllThreadIds();
      long[] allocated = THREADS.getThreadAllocatedBytes(ids);
      for (int i = 0; i < ids.length; i++) {
        if (allocated[i] >= 0) {
          bytes.put(ids[i], allocated[i]);
        }
      }
    }
    return new Allocation(bytes);
  }

  /** Whether allocation can be measured on this JVM. */
  public static boolean supported() {
    return THREADS != null;
  }

  /** Bytes allocated since {@code earlier}, or -1 if unsupported. */
  public long since(Allocation earlier) {
    if (THREADS == null) {
      return -1;
    }
    long total = 0;
    for (Map.Entry<Long, Long> now : bytesByThread.entrySet()) {
      long before = earlier.bytesByThread.getOrDefault(now.getKey(), 0L);
      total += Math.max(0, now.getValue() - before);
    }
    return total;
  }

  private static com.sun.management.ThreadMXBean bean() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported()) {
      bean.setThreadAllocatedMemoryEnabled(true);
      return bean;
    }
    return null;
  }
}
