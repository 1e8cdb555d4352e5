package dev.eventcore.projection;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The runner: a registry of one {@link ProjectionWorker} per projection name. */
final class DefaultProjectionRunner implements ProjectionRunner {
  private final RunnerSettings settings;
  private final Map<String, ProjectionWorker> workers = new LinkedHashMap<>();
  private boolean closed;

  DefaultProjectionRunner(RunnerSettings settings) {
    this.settings = settings;
  }

  @Override
  public void register(Projection projection) {
    register(projection, settings.errorPolicy());
  }

  @Override
  public synchronized void register(Projection projection, ErrorPolicy errorPolicy) {
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(errorPolicy, "errorPolicy");
    String name = ProjectionNames.require(projection.name(), "projection.name()");
    Objects.requireNonNull(projection.filter(), "projection.filter()");
    ensureOpen();
    if (workers.containsKey(name)) {
      throw new IllegalArgumentException("a projection named '" + name + "' is already registered");
    }
    workers.put(name, new ProjectionWorker(projection, errorPolicy, settings));
  }

  @Override
  public void start(String name) {
    worker(name).start();
  }

  @Override
  public void startAll() {
    List<ProjectionWorker> toStart;
    synchronized (this) {
      ensureOpen(); // as start(name): a closed runner never runs a projection again
      toStart = List.copyOf(workers.values());
    }
    for (ProjectionWorker worker : toStart) {
      worker.start();
    }
  }

  @Override
  public void pause(String name) {
    worker(name).pause();
  }

  @Override
  public void resume(String name) {
    worker(name).resume();
  }

  @Override
  public void stop(String name) {
    worker(name).stop();
  }

  @Override
  public void rebuild(String name) {
    worker(name).rebuild();
  }

  @Override
  public ProjectionStatus status(String name) {
    return worker(name).status();
  }

  @Override
  public List<ProjectionStatus> statuses() {
    List<ProjectionStatus> out = new ArrayList<>();
    for (ProjectionWorker worker : all()) {
      out.add(worker.status());
    }
    return out;
  }

  @Override
  public boolean awaitPosition(String name, GlobalPosition position, Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(timeout, "timeout");
    return worker(name).awaitPosition(position, timeout);
  }

  @Override
  public ReplayResult replayDeadLetters(String name) {
    return worker(name).replayDeadLetters(null);
  }

  @Override
  public ReplayResult replayDeadLetter(String name, GlobalPosition position) {
    ProjectionWorker worker = worker(name);
    return worker.replayDeadLetters(Objects.requireNonNull(position, "position"));
  }

  @Override
  public ReplayResult replayDeadLetter(String name, EventId eventId) {
    ProjectionWorker worker = worker(name);
    Objects.requireNonNull(eventId, "eventId");
    return worker.replayDeadLetters(DeadLetterReplays.positionOf(worker, eventId));
  }

  @Override
  public void close() {
    List<ProjectionWorker> toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = List.copyOf(workers.values());
    }
    for (ProjectionWorker worker : toStop) {
      worker.stop();
    }
  }

  private synchronized List<ProjectionWorker> all() {
    return List.copyOf(workers.values());
  }

  private synchronized ProjectionWorker worker(String name) {
    Objects.requireNonNull(name, "name");
    ensureOpen();
    ProjectionWorker worker = workers.get(name);
    if (worker == null) {
      throw new IllegalArgumentException(
          "no projection named '" + name + "' is registered; registered: " + workers.keySet());
    }
    return worker;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the projection runner is closed");
    }
  }
}
