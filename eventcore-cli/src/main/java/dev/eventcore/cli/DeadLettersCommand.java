package dev.eventcore.cli;

import dev.eventcore.postgres.PostgresDeadLetterStore;
import dev.eventcore.postgres.PostgresProjectionAdmin;
import dev.eventcore.postgres.StoredProjection;
import dev.eventcore.projection.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code dead-letters list|replay|purge}: the events projections gave up on. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
    description = "The events projections gave up on (ErrorPolicy.retryThenDeadLetter).",
    subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Replay.class,
        DeadLettersCommand.Purge.class})
final class DeadLettersCommand {
  private DeadLettersCommand() {}

  /** {@code dead-letters list [--projection NAME]}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List dead letters, of one projection or of all, in the order added.")
  static final class ListLetters implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--projection", paramLabel = "NAME", description = "Only NAME's.")
    Optional<String> projection = Optional.empty();

    @Override
    public Integer call() {
      List<DeadLetter> letters = new ArrayList<>();
      try (Session session = common.open()) {
        PostgresProjectionAdmin admin = session.projections();
        PostgresDeadLetterStore store = PostgresDeadLetterStore.of(session.store());
        List<String> names = new ArrayList<>();
        if (projection.isPresent()) {
          admin.find(projection.get()).orElseThrow(() -> new CliException("no projection named '"
              + projection.get() + "' in schema '" + session.schema() + "'"));
          names.add(projection.get());
        } else {
          admin.list().stream().filter(p -> p.deadLetters() > 0)
              .map(StoredProjection::name).forEach(names::add);
        }
        for (String name : names) {
          letters.addAll(store.list(name));
        }
      }
      Output output = common.output();
      if (output.json()) {
        ArrayNode array = Output.array();
        letters.forEach(letter -> array.add(json(letter)));
        output.print(array);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (DeadLetter letter : letters) {
        rows.add(List.of(letter.projection(), Long.toString(letter.position().value()),
            letter.streamId().value() + "@" + letter.version().value(), letter.type(),
            Integer.toString(letter.attempts()), Output.time(letter.failedAt()),
            (letter.undecodable().isPresent() ? "[undecodable] " : "")
                + Output.cut(letter.error(), 80)));
      }
      output.table(List.of("PROJECTION", "POSITION", "EVENT", "TYPE", "ATTEMPTS", "FAILED AT",
          "ERROR"), rows);
      return 0;
    }

    private static ObjectNode json(DeadLetter letter) {
      ObjectNode node = Output.object().put("projection", letter.projection())
          .put("position", letter.position().value())
          .put("stream", letter.streamId().value())
          .put("version", letter.version().value())
          .put("eventId", letter.eventId().toString())
          .put("type", letter.type())
          .put("attempts", letter.attempts())
          .put("error", letter.error())
          .put("failedAt", Output.time(letter.failedAt()));
      if (letter.undecodable().isPresent()) {
        node.set("undecodable", Output.object()
            .put("revision", letter.undecodable().get().revision())
            .put("reason", letter.undecodable().get().reason())
            .put("data", letter.undecodable().get().data())
            .put("metadata", letter.undecodable().get().metadata()));
      } else {
        node.putNull("undecodable");
      }
      return node;
    }
  }

  /** {@code dead-letters replay --projection NAME}: asks the application to replay them. */
  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "Request a replay of a projection's dead letters: the instance granted its"
          + " lease next (the running one is revoked) runs its handler again on each; those that"
          + " now succeed are removed.")
  static final class Replay implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--projection", paramLabel = "NAME", required = true,
        description = "Whose dead letters to replay.")
    String projection;

    @Override
    public Integer call() {
      int waiting;
      try (Session session = common.open()) {
        waiting = (int) PostgresDeadLetterStore.of(session.store()).count(projection);
        session.projections().requestReplay(projection);
      }
      Output output = common.output();
      if (output.json()) {
        output.print(Output.object().put("projection", projection).put("requested", true)
            .put("deadLetters", waiting));
      } else {
        output.line("replay of " + waiting + " dead letter(s) of projection " + projection
            + " requested: the application replays them when it takes the lease again (within"
            + " a runner tick); see 'dead-letters list' for those still failing");
      }
      return 0;
    }
  }

  /** {@code dead-letters purge --projection NAME}. */
  @Command(name = "purge", mixinStandardHelpOptions = true,
      description = "Delete every dead letter of a projection (the events stay in the log).")
  static final class Purge implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--projection", paramLabel = "NAME", required = true,
        description = "Whose dead letters to delete.")
    String projection;

    @Override
    public Integer call() {
      int purged;
      try (Session session = common.open()) {
        purged = session.projections().purgeDeadLetters(projection);
      }
      Output output = common.output();
      if (output.json()) {
        output.print(Output.object().put("projection", projection).put("purged", purged));
      } else {
        output.line("purged " + purged + " dead letter(s) of projection " + projection);
      }
      return 0;
    }
  }
}
