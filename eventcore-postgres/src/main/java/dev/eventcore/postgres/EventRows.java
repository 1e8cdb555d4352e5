package dev.eventcore.postgres;

import dev.eventcore.EventId;
import dev.eventcore.EventStoreException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns rows of {@link SchemaNames#EVENT_COLUMNS} into recorded events, keeping a row that cannot
 * be decoded as its raw envelope instead of failing the whole read. Thread-safe.
 */
final class EventRows {
  private final SchemaNames names;
  private final Codecs codecs;
  private final MetadataJson metadataJson;

  EventRows(SchemaNames names, Codecs codecs, MetadataJson metadataJson) {
    this.names = names;
    this.codecs = codecs;
    this.metadataJson = metadataJson;
  }

  /**
   * A binary payload as text, for raw envelopes ({@link UndecodableEvent#data()}): the codec's
   * name, a colon and the bytes in base64, e.g. {@code "cbor:v2Rub3Rl..."}.
   */
  static String binaryText(String codec, byte[] bytes) {
    return codec + ":" + Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Decodes a row of {@link SchemaNames#EVENT_COLUMNS}; {@code previous} lends its stream id when
   * the row is of the same stream. The payload is read by the codec that wrote it (the row's
   * {@code codec}) from its JSON text's UTF-8 bytes or its binary bytes; metadata is parsed from
   * its UTF-8 bytes, with no String in between. A row whose payload or metadata cannot be decoded
   * is returned in its place with its raw {@link UndecodableEvent} envelope as the payload (the
   * base store decides whether the reader stops there or gets it raw); only an invalid stream id
   * throws.
   */
  RecordedEvent<?> decode(ResultSet row, @Nullable RecordedEvent<?> previous)
      throws SQLException {
    long position = Positions.of(row.getLong(1), row.getInt(2));
    String stream = row.getString(EventReader.STREAM_ID);
    long version = row.getLong(4);
    String type = RowText.of(row, 6, previous == null ? null : previous.type());
    int revision = row.getInt(10);
    Supplier<String> where = () -> stream + "@" + version + " (position " + position + ", type "
        + type + (revision == 1 ? "" : ", revision " + revision) + ")";
    StreamId streamId = previous != null && names.isKeyOf(stream, previous.streamId())
        ? previous.streamId()
        : MetadataJson.streamId(names.local(stream), where);
    String codec = row.getString(11); // '' for the JSON codec (null only in a hand-made row)
    if (codec == null) {
      codec = "";
    }
    byte[] data = row.getBytes(7);
    boolean binary = data == null;
    if (binary) {
      data = row.getBytes(12);
    }
    byte[] json = row.getBytes(8);
    Object payload = null;
    Metadata metadata;
    String payloadFailure = null;
    String metadataFailure = null;
    try {
      payload = codecs.decode(type, revision, codec, data, where);
    } catch (RuntimeException e) {
      payloadFailure = reason(e);
    }
    try {
      metadata = metadataJson.decodeMetadata(json, where);
    } catch (RuntimeException e) {
      metadata = Metadata.empty();
      metadataFailure = reason(e);
    }
    String failure = payloadFailure == null ? metadataFailure
        : metadataFailure == null ? payloadFailure : payloadFailure + "; " + metadataFailure;
    Object body = failure != null
        ? new UndecodableEvent(type, revision,
            binary ? binaryText(codec, data) : new String(data, StandardCharsets.UTF_8),
            new String(json, StandardCharsets.UTF_8), failure)
        : Objects.requireNonNull(payload, "decoded when nothing failed");
    return new RecordedEvent<>(
        GlobalPosition.of(position),
        streamId,
        Version.of(version),
        EventId.of(row.getObject(5, UUID.class)),
        type,
        body,
        metadata,
        recordedAt(row.getLong(9)));
  }

  /** The failure's message (the codecs' messages name the stored event and the problem). */
  private static String reason(RuntimeException e) {
    String message = e.getMessage();
    return e instanceof EventStoreException && message != null ? message : e.toString();
  }

  /** {@code recorded_at} read as microseconds since the epoch. */
  static Instant recordedAt(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
