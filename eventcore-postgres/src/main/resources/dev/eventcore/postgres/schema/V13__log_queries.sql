-- eventcore event store, schema version 13: indexes for the log queries by time and by
-- correlation id. ${schema} is the store's schema (a validated identifier).
--
-- recorded_at: a BRIN index (a few pages for millions of rows, next to nothing per append): rows
-- are appended in time order, so each block range covers a short span of time, and finding the
-- first event at or after a time reads the ranges that can hold it.
--
-- correlation id: a btree over (correlation id, position) of the events whose metadata has one,
-- so one flow's events come in log order without a sort.
--
-- On a large table each CREATE INDEX blocks appends while it builds. To avoid that, create both
-- beforehand with CREATE INDEX CONCURRENTLY and these names; the IF NOT EXISTS keeps them.
CREATE INDEX IF NOT EXISTS events_recorded_at_brin
    ON "${schema}".events USING brin (recorded_at);

CREATE INDEX IF NOT EXISTS events_correlation_idx
    ON "${schema}".events ((metadata->>'correlationId'), tx, ordinal)
    WHERE metadata ? 'correlationId';
