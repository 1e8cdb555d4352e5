package dev.eventcore.memory;

import dev.eventcore.spi.CheckedCodec;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An append whose payloads went through a codec and back: the in-memory store then keeps the
 * bytes and reads them back on every read, as a serializing store does, and a payload the codec
 * cannot write or read fails the whole append before anything is stored.
 */
final class RoundTrip {
  private RoundTrip() {}

  static PreparedAppend of(PreparedAppend append, CheckedCodec codec) {
    List<PreparedStream> streams = new ArrayList<>(append.streams().size());
    for (PreparedStream stream : append.streams()) {
      List<PreparedEvent> events = new ArrayList<>(stream.events().size());
      for (PreparedEvent event : stream.events()) {
        Object payload = event.payload();
        Supplier<String> what = () -> "event " + event.id() + " (" + event.type()
            + ") of stream " + stream.stream();
        byte[] bytes = codec.encode(payload, what); // read back there too
        events.add(new PreparedEvent(event.id(), event.type(),
            new EncodedPayload(bytes, payload.getClass(), codec, what), event.metadata()));
      }
      streams.add(new PreparedStream(stream.stream(), stream.expected(), events));
    }
    return new PreparedAppend(streams, append.eventCount());
  }
}
