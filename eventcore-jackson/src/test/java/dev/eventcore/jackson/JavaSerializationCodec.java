package dev.eventcore.jackson;

import dev.eventcore.serialization.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * A codec that is not Jackson: Java serialization, binary. It proves that the codec SPI fits any
 * serializer (a protobuf or Kryo codec is written alike) and runs the same contract.
 */
public final class JavaSerializationCodec implements EventCodec {
  @Override
  public String name() {
    return "java-serialization";
  }

  @Override
  public Format format() {
    return Format.BINARY;
  }

  @Override
  public byte[] encode(Object payload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(payload);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("not Serializable: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.toString(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public <T> T decode(byte[] data, Class<T> type) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
      return type.cast(in.readObject());
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException(e.toString(), e);
    }
  }
}
