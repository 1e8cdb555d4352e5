package dev.eventcore.memory;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Deletions, restarts and truncations of an in-memory store, under its write lock: the same
 * semantics as the PostgreSQL store's. A hard deletion or a truncation removes the events from
 * every read; their objects stay in memory (the log is append-only) but are never returned again.
 * Archiving moves nothing in memory: it counts what the PostgreSQL store would move.
 */
final class MemoryDeletions {
  private final MemoryState shared;
  /** Per stream, the version below which its events count as archived. Writer only. */
  private final Map<StreamId, Long> archivedBelow = new HashMap<>();

  MemoryDeletions(MemoryState shared) {
    this.shared = shared;
  }

  AppendResult delete(PreparedAppend tombstone, Deletion deletion) {
    PreparedStream part = tombstone.streams().get(0);
    StreamId stream = part.stream();
    shared.writeLock().lock();
    try {
      MemoryState.Events state = shared.events();
      StreamLives.Life life = state.lives().of(stream);
      if (life != null && life.deletion() != null
          && (life.deletion() == Deletion.HARD || deletion == Deletion.SOFT)) {
        throw new StreamDeletedException(stream, life.deletion());
      }
      StreamIndex events = state.streams().get(stream);
      Version actual = Version.of(events == null ? 0 : events.size());
      if (!part.expected().isSatisfiedBy(actual)) {
        shared.writeLock().conflicted();
        throw new WrongExpectedVersionException(stream, part.expected(), actual);
      }
      // the stream reads as deleted before its tombstone is published: a lock-free reader never
      // meets the tombstone in a stream read
      RemovedEvents removedBefore = state.lives().removed();
      StreamLives.Life before = life == null ? StreamLives.LIVE : life;
      state.lives().set(stream, before.deleted(actual.value() + 2, deletion));
      if (deletion == Deletion.HARD && events != null) {
        // every event but the tombstone: earlier lives and their tombstones too
        state.lives().remove(events, (int) before.removedBelow() - 1, events.size());
      }
      try {
        return MemoryStorage.writeChecked(state, shared.clock().instant(), tombstone);
      } catch (RuntimeException e) {
        state.lives().undo(stream, life, removedBefore); // the store is full: nothing changes
        throw e;
      }
    } finally {
      shared.writeLock().unlock();
    }
  }

  AppendResult restart(PreparedAppend append) {
    StreamId stream = append.streams().get(0).stream();
    shared.writeLock().lock();
    try {
      MemoryState.Events state = shared.events();
      StreamLives.Life life = state.lives().of(stream);
      if (life == null || life.deletion() == null) {
        throw new IllegalStateException("stream " + stream + " is not deleted: only a softly"
            + " deleted stream can be restarted; append to it instead");
      }
      if (life.deletion() == Deletion.HARD) {
        throw new StreamDeletedException(stream, Deletion.HARD);
      }
      AppendResult result = MemoryStorage.writeChecked(state, shared.clock().instant(), append);
      state.lives().set(stream, new StreamLives.Life(life.first(), null, life.removedBelow()));
      return result;
    } catch (WrongExpectedVersionException conflict) {
      shared.writeLock().conflicted();
      throw conflict;
    } finally {
      shared.writeLock().unlock();
    }
  }

  long truncate(StreamId stream, long keepFrom) {
    shared.writeLock().lock();
    try {
      MemoryState.Events state = shared.events();
      StreamLives.Life life = state.lives().of(stream);
      if (life != null && life.deletion() != null) {
        throw new StreamDeletedException(stream, life.deletion());
      }
      StreamIndex events = state.streams().get(stream);
      long version = events == null ? 0 : events.size();
      if (keepFrom > version) {
        throw new IllegalArgumentException("cannot truncate stream " + stream + " before version "
            + keepFrom + ": its version is " + version + ", and its last event always stays");
      }
      StreamLives.Life before = life == null ? StreamLives.LIVE : life;
      if (events == null || keepFrom <= before.first()) {
        return 0;
      }
      // reads start at keepFrom before the events go: a reader never meets a gap
      state.lives().set(stream, new StreamLives.Life(keepFrom, null, keepFrom));
      // every event below keepFrom not removed yet: a restarted stream's earlier lives too, as on
      // PostgreSQL; a stream truncated again and again costs what each truncation removes
      return state.lives().remove(events, (int) before.removedBelow() - 1, (int) keepFrom - 1);
    } finally {
      shared.writeLock().unlock();
    }
  }

  long archive(StreamId stream, long before) {
    shared.writeLock().lock();
    try {
      MemoryState.Events state = shared.events();
      StreamIndex events = state.streams().get(stream);
      if (events == null) {
        return 0;
      }
      StreamLives.Life life = state.lives().of(stream);
      // the events still held (every removed one is below removedBelow) and not archived yet,
      // below before and below the last event, which always stays
      long from = Math.max(archivedBelow.getOrDefault(stream, 1L),
          life == null ? 1 : life.removedBelow());
      long to = Math.min(before, events.size());
      if (to <= from) {
        return 0;
      }
      archivedBelow.put(stream, to);
      return to - from;
    } finally {
      shared.writeLock().unlock();
    }
  }

  StreamStatus status(StreamId stream) {
    MemoryState.Events state = shared.events();
    StreamIndex events = state.streams().get(stream);
    Version version = Version.of(events == null ? 0 : events.size());
    StreamLives.Life life = state.lives().of(stream);
    return life == null ? StreamStatus.live(stream, version) : new StreamStatus(
        stream, version, Version.of(life.first()), Optional.ofNullable(life.deletion()));
  }
}
