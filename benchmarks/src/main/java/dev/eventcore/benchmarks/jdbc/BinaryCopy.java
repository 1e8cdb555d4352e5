package dev.eventcore.benchmarks.jdbc;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes rows in PostgreSQL's binary COPY format for the columns {@code (stream_id, version,
 * event_id, type, data, metadata)}: text, int8, uuid, text, jsonb, jsonb. Not thread-safe.
 */
final class BinaryCopy {
  /** The column list matching the encoding. */
  static final String COLUMNS = "(stream_id, version, event_id, type, data, metadata)";

  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
  private static final byte JSONB_VERSION = 1;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
  private final DataOutputStream out = new DataOutputStream(bytes);

  /** Starts a new COPY stream: the header. */
  BinaryCopy header() {
    try {
      out.write(SIGNATURE);
      out.writeInt(0); // flags
      out.writeInt(0); // header extension length
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends every row of {@code batch}. */
  BinaryCopy rows(RowBatch batch) {
    try {
      for (int i = 0; i < batch.size(); i++) {
        out.writeShort(6);
        text(batch.streams[i]);
        out.writeInt(8);
        out.writeLong(batch.versions[i]);
        out.writeInt(16);
        out.writeLong(batch.ids[i].getMostSignificantBits());
        out.writeLong(batch.ids[i].getLeastSignificantBits());
        text(batch.types[i]);
        jsonb(batch.data[i]);
        jsonb(batch.metadata[i]);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the COPY stream: the trailer. */
  BinaryCopy trailer() {
    try {
      out.writeShort(-1);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes encoded so far. */
  int size() {
    return bytes.size();
  }

  /** The bytes encoded since the last drain; clears them. */
  byte[] drain() {
    byte[] result = bytes.toByteArray();
    bytes.reset();
    return result;
  }

  private void text(String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private void jsonb(String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length + 1);
    out.writeByte(JSONB_VERSION);
    out.write(utf8);
  }
}
