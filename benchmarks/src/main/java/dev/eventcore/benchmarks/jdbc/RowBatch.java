package dev.eventcore.benchmarks.jdbc;

import dev.eventcore.EventId;
import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.events.Payloads;
import java.util.UUID;

/**
 * The columns of rows to write, in the event store's row shape, encoded as the library must
 * encode them: a fresh UUIDv7 event id, the type name, the payload and metadata as JSON by the
 * shared mapper. Building a batch is part of each raw operation, as it is of each append.
 */
final class RowBatch {
  final String[] streams;
  final Long[] versions;
  final UUID[] ids;
  final String[] types;
  final String[] data;
  final String[] metadata;

  private RowBatch(int size) {
    streams = new String[size];
    versions = new Long[size];
    ids = new UUID[size];
    types = new String[size];
    data = new String[size];
    metadata = new String[size];
  }

  /**
   * Rows for {@code streamCount} streams named {@code prefix-i}, each with versions {@code
   * firstVersion .. firstVersion + perStream - 1}.
   */
  static RowBatch of(String prefix, int streamCount, long firstVersion, int perStream) {
    RowBatch batch = new RowBatch(streamCount * perStream);
    String meta = Payloads.json(Payloads.metadata().entries());
    int row = 0;
    for (int s = 0; s < streamCount; s++) {
      String stream = streamCount == 1 ? prefix : prefix + "-" + s;
      for (int v = 0; v < perStream; v++) {
        long version = firstVersion + v;
        BenchEvent event = Payloads.event(stream, version);
        batch.streams[row] = stream;
        batch.versions[row] = version;
        batch.ids[row] = EventId.random().value();
        batch.types[row] = Payloads.typeOf(event);
        batch.data[row] = Payloads.json(event);
        batch.metadata[row] = meta;
        row++;
      }
    }
    return batch;
  }

  int size() {
    return streams.length;
  }
}
