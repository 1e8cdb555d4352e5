package dev.eventcore.benchmarks.jdbc;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One event row decoded by the raw read probe: what a hand-written reader builds from the same
 * columns with the same Jackson mapper.
 *
 * @param position the row's position
 * @param streamId its stream
 * @param version its version in the stream
 * @param eventId its id
 * @param type its type name
 * @param payload the decoded payload record
 * @param metadata the decoded metadata
 * @param recordedAt when it was recorded
 */
public record RawRow(long position, String streamId, long version, UUID eventId, String type,
    Object payload, Map<String, String> metadata, Instant recordedAt) {}
