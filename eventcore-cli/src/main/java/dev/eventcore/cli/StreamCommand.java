package dev.eventcore.cli;

import dev.eventcore.OnUndecodable;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.postgres.PostgresEventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code stream ID}: a stream's events, with their stored data and metadata. */
@Command(name = "stream", mixinStandardHelpOptions = true,
    description = "Show a stream's events: version, position, type, recorded at, metadata and"
        + " data (pretty-printed JSON).")
final class StreamCommand implements Callable<Integer> {
  @Mixin Common common;

  @Parameters(paramLabel = "ID", description = "The stream id, e.g. order-42.")
  String id;

  @Option(names = "--from", paramLabel = "VERSION", defaultValue = "1",
      description = "The first version shown (default: ${DEFAULT-VALUE}).")
  long from;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "At most N events, 1..10000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    StreamId stream = StreamId.of(id);
    if (from < 1) {
      throw new CliException("--from must be a version >= 1 but was " + from);
    }
    if (limit < 1 || limit > 10_000) {
      throw new CliException("--limit must be 1..10000 but was " + limit);
    }
    List<RecordedEvent<UndecodableEvent>> events = new ArrayList<>();
    try (Session session = common.open()) {
      PostgresEventStore store = session.store();
      if (store.currentVersion(stream).equals(Version.NONE)) {
        throw new CliException("no stream '" + id + "' in schema '" + session.schema() + "'");
      }
      // the CLI has no event classes: every event comes raw, as its stored envelope
      for (RecordedEvent<?> event :
          store.readStream(stream, Version.of(from), limit, OnUndecodable.DELIVER_RAW)) {
        events.add(raw(event));
      }
    }
    Output output = common.output();
    if (output.json()) {
      ArrayNode array = Output.array();
      events.forEach(event -> array.add(json(event)));
      output.print(array);
      return 0;
    }
    for (RecordedEvent<UndecodableEvent> event : events) {
      UndecodableEvent stored = event.payload();
      output.line("version " + event.version().value() + "  position " + event.position().value()
          + "  type " + stored.type() + (stored.revision() == 1 ? "" : " (revision "
          + stored.revision() + ")") + "  recorded " + Output.time(event.recordedAt())
          + "  id " + event.id());
      output.line("metadata " + stored.metadata());
      output.line(Output.pretty(stored.data()));
      output.line("");
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static RecordedEvent<UndecodableEvent> raw(RecordedEvent<?> event) {
    if (!(event.payload() instanceof UndecodableEvent)) {
      throw new IllegalStateException("event " + event.describe() + " decoded unexpectedly");
    }
    return (RecordedEvent<UndecodableEvent>) event;
  }

  static ObjectNode json(RecordedEvent<UndecodableEvent> event) {
    UndecodableEvent stored = event.payload();
    ObjectNode node = Output.object()
        .put("stream", event.streamId().value())
        .put("version", event.version().value())
        .put("position", event.position().value())
        .put("type", stored.type())
        .put("revision", stored.revision())
        .put("id", event.id().toString())
        .put("recordedAt", Output.time(event.recordedAt()));
    node.set("metadata", Output.tree(stored.metadata()));
    node.set("data", Output.tree(stored.data()));
    return node;
  }
}
