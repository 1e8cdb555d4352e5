package dev.eventcore.postgres;

import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.util.List;
import java.util.UUID;

/**
 * A batch of encoded appends as the parallel arrays the write functions take (pgjdbc binds Java
 * arrays directly, binary where it can, without {@code java.sql.Array} objects): per append its
 * number of stream parts; per part its stream, expected-version code and event count; per event
 * its id, type, revision, JSON payload, metadata and binary payload (null for JSON).
 */
@SuppressWarnings("ArrayRecordComponent") // internal: built once per batch, bound, never compared
record BatchArrays(int[] appendParts, String[] streams, long[] expected, int[] counts,
    UUID[] ids, String[] types, int[] revisions, String[] data, String[] metadata,
    byte[][] binary) {

  static BatchArrays of(SchemaNames names, List<AppendWriter.Encoded> batch) {
    int parts = 0;
    int events = 0;
    for (AppendWriter.Encoded encoded : batch) {
      parts += encoded.append().streams().size();
      events += encoded.append().eventCount();
    }
    BatchArrays arrays = new BatchArrays(new int[batch.size()], new String[parts],
        new long[parts], new int[parts], new UUID[events], new String[events], new int[events],
        new String[events], new String[events], new byte[events][]);
    int a = 0;
    int p = 0;
    int e = 0;
    for (AppendWriter.Encoded encoded : batch) {
      arrays.appendParts[a++] = encoded.append().streams().size();
      byte[][] binary = encoded.binary();
      int local = 0;
      for (PreparedStream part : encoded.append().streams()) {
        arrays.streams[p] = names.key(part.stream());
        arrays.expected[p] = ExpectedVersionCode.of(part.expected());
        arrays.counts[p++] = part.events().size();
        for (PreparedEvent event : part.events()) {
          arrays.ids[e] = event.id().value();
          arrays.types[e] = event.type();
          arrays.revisions[e] = encoded.revisions()[local];
          arrays.data[e] = encoded.data()[local];
          arrays.binary[e] = binary == null ? null : binary[local];
          arrays.metadata[e++] = encoded.metadata()[local++];
        }
      }
    }
    return arrays;
  }
}
