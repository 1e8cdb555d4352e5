package dev.eventcore.cli;

import dev.eventcore.postgres.PostgresProjectionAdmin;
import dev.eventcore.postgres.StoredProjection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code projection rebuild|reset|pause|resume NAME}: steers a projection that an application runs
 * in another process, through its lease row ({@link PostgresProjectionAdmin}).
 */
@Command(name = "projection", mixinStandardHelpOptions = true,
    description = "Steer a projection that an application runs under PostgresProjectionLease:"
        + " the running instance acts within a runner tick.",
    subcommands = {ProjectionCommand.Rebuild.class, ProjectionCommand.Reset.class,
        ProjectionCommand.Pause.class, ProjectionCommand.Resume.class})
final class ProjectionCommand {
  private ProjectionCommand() {}

  /** One operation: runs it and prints the projection's state afterwards. */
  abstract static class Operation implements Callable<Integer> {
    @Mixin Common common;

    @Parameters(paramLabel = "NAME", description = "The projection's name.")
    String name;

    abstract StoredProjection apply(PostgresProjectionAdmin admin, String name);

    abstract String done(StoredProjection after);

    @Override
    public Integer call() {
      StoredProjection after;
      try (Session session = common.open()) {
        after = apply(session.projections(), name);
      }
      Output output = common.output();
      if (output.json()) {
        output.print(ProjectionView.stateJson(after));
      } else {
        output.line("projection " + after.name() + ": " + done(after) + "; state "
            + after.state() + ", checkpoint " + after.position().value());
      }
      return 0;
    }
  }

  /** {@code projection rebuild NAME}. */
  @Command(name = "rebuild", mixinStandardHelpOptions = true,
      description = "Request a rebuild: the next instance granted the lease (the running one is"
          + " revoked) calls the projection's reset hook and replays the whole log.")
  static final class Rebuild extends Operation {
    @Override
    StoredProjection apply(PostgresProjectionAdmin admin, String name) {
      return admin.requestRebuild(name);
    }

    @Override
    String done(StoredProjection after) {
      return "rebuild requested";
    }
  }

  /** {@code projection reset NAME}. */
  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Set the checkpoint back to the start (the running instance is revoked): the"
          + " next instance replays the whole log into the read model as it is, without its reset"
          + " hook. Only for idempotent projections or a read model cleared by hand; else rebuild.")
  static final class Reset extends Operation {
    @Override
    StoredProjection apply(PostgresProjectionAdmin admin, String name) {
      return admin.reset(name);
    }

    @Override
    String done(StoredProjection after) {
      return "checkpoint reset to the start";
    }
  }

  /** {@code projection pause NAME}. */
  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Pause it across processes: the running instance stops at its next lease"
          + " renewal and no instance takes the lease until resume.")
  static final class Pause extends Operation {
    @Override
    StoredProjection apply(PostgresProjectionAdmin admin, String name) {
      return admin.pause(name);
    }

    @Override
    String done(StoredProjection after) {
      return "paused";
    }
  }

  /** {@code projection resume NAME}. */
  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Resume a paused projection: an instance on standby takes the lease and"
          + " continues from the checkpoint.")
  static final class Resume extends Operation {
    @Override
    StoredProjection apply(PostgresProjectionAdmin admin, String name) {
      return admin.resume(name);
    }

    @Override
    String done(StoredProjection after) {
      return "resumed";
    }
  }
}
