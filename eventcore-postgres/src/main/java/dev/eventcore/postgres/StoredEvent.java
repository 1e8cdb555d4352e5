package dev.eventcore.postgres;

/**
 * Where an event id of an append is already stored, as reported by {@code append_batch}.
 *
 * @param stream the stream holding it
 * @param version its version there
 * @param position its global position
 * @param sameContent whether its type, data and metadata equal the append's
 */
record StoredEvent(String stream, long version, long position, boolean sameContent) {
  /** "stream@version (position p)", as the in-memory store words it. */
  String where() {
    return stream + "@" + version + " (position " + position + ")";
  }
}
