package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.BenchmarkException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LagSubscriber} in another JVM, started from the benchmark's own jar: its delivery lines
 * go into a {@link LagLog} as they arrive. Closing it closes the child's standard input, which ends
 * it.
 */
final class LagProcess implements AutoCloseable {
  private static final long READY_SECONDS = 60;

  private final Process process;
  private final Thread reader;
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile @Nullable String failure;

  private LagProcess(Process process, LagLog log) {
    this.process = process;
    this.reader = new Thread(() -> read(log), "w9-child-reader");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** Starts a subscriber of {@code schema} from the start and waits until it is subscribed. */
  static LagProcess start(String url, String schema, LagLog log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", classPath(),
        LagSubscriber.class.getName(), url, schema, "0"))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    LagProcess child = new LagProcess(process, log);
    if (!child.ready.await(READY_SECONDS, TimeUnit.SECONDS) || child.failure != null) {
      child.close();
      throw new BenchmarkException("the W9 subscriber process did not start: " + child.failure);
    }
    return child;
  }

  /** Why the child failed, or null while it runs. */
  @Nullable String failure() {
    return failure;
  }

  private void read(LagLog log) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.equals(LagSubscriber.READY)) {
          ready.countDown();
        } else {
          log.deliveredLine(line);
        }
      }
      failure = "the subscriber process ended";
    } catch (IOException | RuntimeException e) {
      failure = "reading the subscriber process failed: " + e;
    } finally {
      ready.countDown();
    }
  }

  /** The benchmark's jar (or classes folder) and, outside a jar, the rest of the class path. */
  private static String classPath() throws URISyntaxException {
    Path self = Path.of(LagProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return self.toString().endsWith(".jar")
        ? self.toString()
        : self + File.pathSeparator + System.getProperty("java.class.path");
  }

  @Override
  public void close() throws IOException {
    failure = failure == null ? "closed" : failure;
    process.getOutputStream().close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
