package dev.eventcore.memory;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The store's events in compact form, for one writer (holding the store's write lock) and any
 * number of lock-free readers. An event is kept as columns of chunk arrays (its id as two longs,
 * its time as seconds and nanoseconds, its version, and references to its stream, type, payload and
 * metadata) rather than as a {@link RecordedEvent} with its position, version, id and instant
 * objects: some 48 bytes in a few large arrays instead of six objects of about 150, which is what
 * the garbage collector copies for every event a busy store keeps. A read makes the {@link
 * RecordedEvent}s it returns.
 *
 * <p>Chunks hold 1,024 events (the first starts at 8 and doubles, as many stores are small), so
 * growth copies at most the first chunk. Added events become visible to readers only at {@link
 * #publish()}, which is what makes a multi-event append appear at once. The event at index {@code
 * i} has position {@code base + i + 1}.
 */
final class EventLog extends ChunkedSequence {
  /** References per event: stream, type, payload, metadata. */
  private static final int REFS = 4;

  /** The columns of up to {@link #CHUNK_SIZE} events; a chunk is never changed once published. */
  private static final class Chunk {
    final long[] ids; // most significant half, then least, per event
    final long[] seconds;
    final int[] nanos;
    final int[] versions;
    final Object[] refs; // REFS per event

    Chunk(int capacity) {
      ids = new long[capacity * 2];
      seconds = new long[capacity];
      nanos = new int[capacity];
      versions = new int[capacity];
      refs = new Object[capacity * REFS];
    }

    int capacity() {
      return seconds.length;
    }

    /** A chunk of {@code capacity} holding this one's events (the first chunk, growing). */
    Chunk grown(int capacity) {
      Chunk grown = new Chunk(capacity);
      System.arraycopy(ids, 0, grown.ids, 0, ids.length);
      System.arraycopy(seconds, 0, grown.seconds, 0, seconds.length);
      System.arraycopy(nanos, 0, grown.nanos, 0, nanos.length);
      System.arraycopy(versions, 0, grown.versions, 0, versions.length);
      System.arraycopy(refs, 0, grown.refs, 0, refs.length);
      return grown;
    }
  }

  private final long base;
  /**
   * Whether an {@link EncodedPayload} was ever added (a store with a codec): only then do reads
   * decode, so a store of objects keeps its tight read loop. Set before the event is published.
   */
  private volatile boolean encoded;
  /** Replaced, never changed in place once readers may see it; a reader reads it after the size. */
  private volatile Chunk[] chunks = new Chunk[1];

  /** An empty log whose first event will have position {@code base + 1}. */
  EventLog(long base) {
    this.base = base;
  }

  /** Adds an event, invisible to readers until {@link #publish()}; its index. Writer only. */
  int add(StreamId stream, long version, EventId id, String type, Object payload,
      Metadata metadata, Instant recordedAt) {
    int index = written();
    int offset = index & CHUNK_MASK;
    Chunk chunk = writable(index >>> CHUNK_BITS, offset);
    UUID uuid = id.value();
    chunk.ids[offset * 2] = uuid.getMostSignificantBits();
    chunk.ids[offset * 2 + 1] = uuid.getLeastSignificantBits();
    chunk.seconds[offset] = recordedAt.getEpochSecond();
    chunk.nanos[offset] = recordedAt.getNano();
    chunk.versions[offset] = (int) version; // the store holds at most Integer.MAX_VALUE events
    int r = offset * REFS;
    chunk.refs[r] = stream;
    chunk.refs[r + 1] = type;
    chunk.refs[r + 2] = payload;
    if (!encoded && payload instanceof EncodedPayload) {
      encoded = true;
    }
    chunk.refs[r + 3] = metadata;
    return next();
  }

  /**
   * The chunk that takes the event at {@code offset} of chunk {@code number}, made room for. A
   * grown outer array or a grown first chunk comes in a new outer array, written to the volatile
   * field after its contents: a reader that sees it sees what it holds.
   */
  private Chunk writable(int number, int offset) {
    Chunk[] current = chunks;
    Chunk chunk = number < current.length ? current[number] : null;
    if (chunk != null && offset < chunk.capacity()) {
      return chunk;
    }
    Chunk[] next = Arrays.copyOf(current, outerLength(current.length, number));
    // a new chunk, or the first one grown by a copy that holds every event of the one it replaces
    chunk = chunk == null ? new Chunk(newChunkCapacity(number)) : chunk.grown(chunk.capacity() * 2);
    next[number] = chunk;
    chunks = next;
    return chunk;
  }

  /** The position of the event at {@code index}; {@code positionOf(-1)} is the one before the first. */
  long positionOf(int index) {
    return base + index + 1L;
  }

  /** The position of the last published event; the base when there is none. */
  long lastPosition() {
    return positionOf(size() - 1);
  }

  /** The index of the first event after {@code after}. */
  int indexAfter(GlobalPosition after) {
    long index = after.value() - base;
    return index <= 0 ? 0 : (int) Math.min(index, Integer.MAX_VALUE);
  }

  /** The event at {@code index} (below a size read before), as a new {@link RecordedEvent}. */
  RecordedEvent<?> get(int index) {
    RecordedEvent<?> event = make(chunks, index, null);
    return encoded ? decoded(event) : event;
  }

  /** {@code event} with its payload read back from the bytes its codec wrote, if kept so. */
  private static RecordedEvent<?> decoded(RecordedEvent<?> event) {
    Object stored = event.payload();
    if (!(stored instanceof EncodedPayload)) {
      return event;
    }
    return new RecordedEvent<>(event.position(), event.streamId(), event.version(), event.id(),
        event.type(), EncodedPayload.read(stored), event.metadata(), event.recordedAt());
  }

  /**
   * Makes the event at {@code index}; its instant is {@code previous} when equal (the events of one
   * append share theirs), so a page of them does not make one instant per event.
   */
  private RecordedEvent<?> make(Chunk[] snapshot, int index, @Nullable Instant previous) {
    Chunk chunk = snapshot[index >>> CHUNK_BITS];
    int offset = index & CHUNK_MASK;
    int r = offset * REFS;
    long seconds = chunk.seconds[offset];
    int nanos = chunk.nanos[offset];
    Instant at = previous != null && previous.getEpochSecond() == seconds
        && previous.getNano() == nanos ? previous : Instant.ofEpochSecond(seconds, nanos);
    return new RecordedEvent<>(
        GlobalPosition.of(positionOf(index)),
        (StreamId) chunk.refs[r],
        Version.of(chunk.versions[offset]),
        new EventId(new UUID(chunk.ids[offset * 2], chunk.ids[offset * 2 + 1])),
        (String) chunk.refs[r + 1],
        chunk.refs[r + 2],
        (Metadata) chunk.refs[r + 3],
        at);
  }

  /** The stream of the event at {@code index}, without making the event. */
  StreamId streamOf(int index) {
    return (StreamId) chunks[index >>> CHUNK_BITS].refs[(index & CHUNK_MASK) * REFS];
  }

  /** The type of the event at {@code index}, without making the event. */
  String typeOf(int index) {
    return (String) chunks[index >>> CHUNK_BITS].refs[(index & CHUNK_MASK) * REFS + 1];
  }

  /** The payload of the event at {@code index}, without making the event. */
  Object payloadOf(int index) {
    Object stored = chunks[index >>> CHUNK_BITS].refs[(index & CHUNK_MASK) * REFS + 2];
    return encoded ? EncodedPayload.read(stored) : stored;
  }

  /** The metadata of the event at {@code index}, without making the event. */
  Metadata metadataOf(int index) {
    return (Metadata) chunks[index >>> CHUNK_BITS].refs[(index & CHUNK_MASK) * REFS + 3];
  }

  /** Whether the event at {@code index} was recorded before {@code instant}. */
  boolean recordedBefore(int index, Instant instant) {
    Chunk chunk = chunks[index >>> CHUNK_BITS];
    int offset = index & CHUNK_MASK;
    long seconds = chunk.seconds[offset];
    return seconds < instant.getEpochSecond()
        || (seconds == instant.getEpochSecond() && chunk.nanos[offset] < instant.getNano());
  }

  /** The version of the event at {@code index}. */
  long versionOf(int index) {
    return chunks[index >>> CHUNK_BITS].versions[index & CHUNK_MASK];
  }

  /** When the event at {@code index} was recorded. */
  Instant recordedAtOf(int index) {
    Chunk chunk = chunks[index >>> CHUNK_BITS];
    int offset = index & CHUNK_MASK;
    return Instant.ofEpochSecond(chunk.seconds[offset], chunk.nanos[offset]);
  }

  /** Whether the event at {@code index} (added, published or not) has id {@code id}. Writer only. */
  boolean hasId(int index, UUID id) {
    Chunk chunk = chunks[index >>> CHUNK_BITS];
    int offset = index & CHUNK_MASK;
    return chunk.ids[offset * 2] == id.getMostSignificantBits()
        && chunk.ids[offset * 2 + 1] == id.getLeastSignificantBits();
  }

  /** Up to {@code maxCount} published events from index {@code from}, made for the caller. */
  List<RecordedEvent<?>> copy(long from, int maxCount) {
    return copy(null, size(), from, maxCount);
  }

  /**
   * Up to {@code maxCount} events of {@code stream} from its event at {@code from} (version {@code
   * from + 1}), among those published when the call begins, made for the caller.
   */
  List<RecordedEvent<?>> copy(StreamIndex stream, long from, int maxCount) {
    // its events were in this log before they were published there
    return copy(stream, stream.size(), from, maxCount);
  }

  /** The events at {@code from} up to {@code size} of the log, or of {@code stream}'s indexes. */
  private List<RecordedEvent<?>> copy(
      @Nullable StreamIndex stream, int size, long from, int maxCount) {
    Chunk[] snapshot = chunks; // read after the size: every chunk it counts is in it
    if (from >= size) {
      return List.of();
    }
    int start = (int) from;
    int end = (int) Math.min((long) size, start + (long) maxCount);
    List<RecordedEvent<?>> out = new ArrayList<>(end - start);
    Instant at = null;
    boolean decode = encoded;
    for (int i = start; i < end; i++) {
      RecordedEvent<?> event = make(snapshot, stream == null ? i : stream.get(i), at);
      if (decode) {
        event = decoded(event);
      }
      at = event.recordedAt();
      out.add(event);
    }
    return Collections.unmodifiableList(out);
  }
}
