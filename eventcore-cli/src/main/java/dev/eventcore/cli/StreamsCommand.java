package dev.eventcore.cli;

import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;

/** {@code streams}: lists streams with their versions and last write times. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "List streams (by id, in code point order) with version and last write time.")
final class StreamsCommand implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--prefix", paramLabel = "P", description = "Only ids starting with P.")
  String prefix = "";

  @Option(names = "--category", paramLabel = "C", description = "Only streams of category C.")
  String category;

  @Option(names = "--after", paramLabel = "ID",
      description = "Only ids after ID: the last id of the previous page.")
  String after;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "At most N streams, 1..10000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    StreamQuery query = StreamQuery.startingWith(prefix).withLimit(limit);
    if (category != null) {
      query = query.withCategory(category);
    }
    if (after != null) {
      query = query.startingAfter(StreamId.of(after));
    }
    List<StreamInfo> streams;
    try (Session session = common.open()) {
      streams = session.store().streams(query);
    }
    Output output = common.output();
    if (output.json()) {
      ArrayNode array = Output.array();
      for (StreamInfo info : streams) {
        array.add(Output.object().put("stream", info.stream().value())
            .put("version", info.version().value())
            .put("lastRecordedAt", Output.time(info.lastRecordedAt())));
      }
      output.print(array);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (StreamInfo info : streams) {
      rows.add(List.of(info.stream().value(), Long.toString(info.version().value()),
          Output.time(info.lastRecordedAt())));
    }
    output.table(List.of("STREAM", "VERSION", "LAST WRITE"), rows);
    return 0;
  }
}
