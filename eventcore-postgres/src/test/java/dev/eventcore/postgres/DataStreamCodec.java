package dev.eventcore.postgres;

import dev.eventcore.serialization.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written binary codec for {@link CodecEvent}, in the style of a protobuf or Kryo codec: no
 * Jackson, no reflection, a field order per class. It proves that a store takes any serializer.
 */
class DataStreamCodec implements EventCodec {
  @Override
  public String name() {
    return "datastream";
  }

  @Override
  public Format format() {
    return Format.BINARY;
  }

  @Override
  public byte[] encode(Object payload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (payload instanceof CodecEvent.Reading) {
        CodecEvent.Reading reading = (CodecEvent.Reading) payload;
        out.writeByte(1);
        out.writeUTF(reading.sensor());
        out.writeLong(reading.value());
      } else if (payload instanceof CodecEvent.Ordered) {
        CodecEvent.Ordered order = (CodecEvent.Ordered) payload;
        out.writeByte(2);
        out.writeUTF(order.id());
        out.writeInt(order.lines().size());
        for (String line : order.lines()) {
          out.writeUTF(line);
        }
        out.writeUTF(order.total().toString());
        out.writeLong(order.at().getEpochSecond());
        out.writeInt(order.at().getNano());
      } else {
        throw new IllegalArgumentException("cannot encode a " + payload.getClass().getName());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(e.toString(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public <T> T decode(byte[] data, Class<T> type) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int tag = in.readByte();
      Object payload;
      if (tag == 1) {
        payload = new CodecEvent.Reading(in.readUTF(), in.readLong());
      } else if (tag == 2) {
        String id = in.readUTF();
        int count = in.readInt();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          lines.add(in.readUTF());
        }
        payload = new CodecEvent.Ordered(id, lines, new BigDecimal(in.readUTF()),
            Instant.ofEpochSecond(in.readLong(), in.readInt()));
      } else {
        throw new IllegalArgumentException("unknown tag " + tag);
      }
      return type.cast(payload);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.toString(), e);
    }
  }
}
