package dev.eventcore.projection;

import dev.eventcore.EventStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/** What a runner was built with, shared by its workers. */
record RunnerSettings(
    EventStore store,
    CheckpointStore checkpoints,
    ErrorPolicy errorPolicy,
    ProjectionLease lease,
    ProgressListener progressListener,
    Clock clock,
    Optional<Sleeper> sleeper,
    Duration tick,
    int checkpointEvents,
    Duration checkpointInterval,
    Duration progressInterval,
    String owner,
    Observer observer,
    Optional<ThreadFactory> threadFactory) {}
