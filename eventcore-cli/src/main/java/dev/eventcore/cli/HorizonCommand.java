package dev.eventcore.cli;

import dev.eventcore.postgres.HorizonStatus;
import dev.eventcore.postgres.OpenTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code horizon}: who holds the global log back. */
@Command(name = "horizon", mixinStandardHelpOptions = true,
    description = {"Who holds the global log back: committed events not yet readable, and the"
        + " open writing transactions, oldest first (pid, age, application, state, statement).",
        "End a stuck one with SELECT pg_terminate_backend(pid)."})
final class HorizonCommand implements Callable<Integer> {
  @Mixin Common common;

  @Override
  public Integer call() {
    HorizonStatus status;
    List<OpenTransaction> open;
    try (Session session = common.open()) {
      status = session.store().horizonStatus();
      open = session.log().openTransactions();
    }
    Output output = common.output();
    if (output.json()) {
      ObjectNode node = Output.object().put("pendingEvents", status.pendingEvents())
          .put("lagMillis", status.lag().toMillis())
          .put("stalled", status.isStalled());
      if (status.blocker().isPresent()) {
        node.put("blockerPid", status.blocker().get().pid());
      } else {
        node.putNull("blockerPid");
      }
      ArrayNode transactions = node.putArray("openTransactions");
      for (OpenTransaction tx : open) {
        transactions.add(Output.object().put("pid", tx.pid())
            .put("ageMillis", tx.age().toMillis())
            .put("applicationName", tx.applicationName())
            .put("database", tx.database())
            .put("state", tx.state())
            .put("query", tx.query()));
      }
      output.print(node);
      return 0;
    }
    output.line(status.isStalled()
        ? "held back: " + status.pendingEvents() + " committed event(s) not readable yet, the"
            + " oldest for " + Output.duration(status.lag())
            + status.blocker().map(b -> "; blocked by pid " + b.pid()).orElse("")
        : "not held back: every committed event is readable");
    if (open.isEmpty()) {
      output.line("no open writing transaction");
      return 0;
    }
    output.line("");
    List<List<String>> rows = new ArrayList<>();
    for (OpenTransaction tx : open) {
      rows.add(List.of(Integer.toString(tx.pid()), Output.duration(tx.age()),
          tx.applicationName().isEmpty() ? "-" : tx.applicationName(), tx.database(),
          tx.state(), tx.query().isEmpty() ? "-" : Output.cut(tx.query(), 80)));
    }
    output.table(List.of("PID", "AGE", "APPLICATION", "DATABASE", "STATE", "QUERY"), rows);
    return 0;
  }
}
