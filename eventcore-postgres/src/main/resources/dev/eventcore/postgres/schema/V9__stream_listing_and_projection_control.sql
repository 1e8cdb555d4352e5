-- eventcore, schema version 9: listing streams, and operating projections from another process.
-- ${schema} is the store's schema (a validated identifier).

-- Every stream has exactly one event of version 1 (events are never deleted), so this partial index
-- holds each stream once, in code point order ("C" collation, whatever the database's collation):
-- EventStore.streams lists a page by prefix, category or cursor from it, and reads each listed
-- stream's last event from events_stream_version_key. An append adds to it only for a new stream.
-- Building it reads the events table once and blocks appends meanwhile (seconds per ten million
-- events); on a large store, create it beforehand with CREATE INDEX CONCURRENTLY under this name.
CREATE INDEX IF NOT EXISTS events_stream_first_idx
    ON "${schema}".events (stream_id COLLATE "C") WHERE version = 1;

-- Operator requests that PostgresProjectionLease honours (the admin CLI sets them):
--   paused_at            set: no instance is granted the lease (the holder was revoked) until cleared
--   rebuild_requested_at set: the next instance granted the lease rebuilds the projection (reset,
--                        replay from the start) instead of resuming, then clears it
ALTER TABLE "${schema}".projection_leases
    ADD COLUMN paused_at            timestamptz,
    ADD COLUMN rebuild_requested_at timestamptz;
