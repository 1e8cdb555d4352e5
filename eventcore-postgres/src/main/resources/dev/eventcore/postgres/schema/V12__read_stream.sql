-- eventcore event store, schema version 12: a stream read with a plan made once per session.
-- ${schema} is the store's schema (a validated identifier).
--
-- Planning the stream read from scratch on every call cost more than running it (most streams
-- are short). A prepared statement would keep one plan per connection, but a plan made while the
-- table was small is a sequential scan, kept until the next ANALYZE. This function's query is
-- planned once per session (plpgsql caches it) with sequential and bitmap scans off: the only plan
-- left is the ordered range scan of the (stream_id, version) index, which is the right one for
-- every stream, short or long, whatever the statistics say. The reader calls it for the first
-- page of a stream read; a longer read goes on with a cursor.
CREATE FUNCTION "${schema}".read_stream(p_stream text, p_from bigint, p_count int)
RETURNS TABLE (tx xid8, ordinal int, stream_id text, version bigint, event_id uuid, type text,
               data text, metadata text, recorded_at bigint, revision int, codec text,
               binary_data bytea)
LANGUAGE plpgsql STABLE
SET enable_seqscan = off
SET enable_bitmapscan = off
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT e.tx, e.ordinal, e.stream_id, e.version, e.event_id, e.type, e.data::text,
           e.metadata::text,
           CASE WHEN e.recorded_at BETWEEN '1900-01-01 00:00+00' AND '2100-01-01 00:00+00'
                THEN (date_part('epoch', e.recorded_at) * 1000000)::bigint
                ELSE (extract(epoch FROM e.recorded_at) * 1000000)::bigint END,
           e.revision, e.codec, e.binary_data
    FROM "${schema}".events e
    WHERE e.stream_id = p_stream AND e.version >= p_from
    ORDER BY e.version
    LIMIT p_count;
END
$fn$;

-- The group-commit batch of single-event appends to distinct streams, in one statement (see the
-- module's README): per append, in the order of the lock keys, the stream's advisory lock, the
-- expected-version check (p_expected: -1 any, -2 stream exists, else the exact version, 0 for no
-- stream) and the insert; a row in the way (a version or id taken) is skipped and left out of the
-- result, and the caller has append_batch decide it. Inside a function for its plan: planned for
-- every call the statement cost more than it took to run; here it is planned once per session,
-- generic, with sequential and bitmap scans off (as read_stream). p_codec is '' and p_binary's
-- elements NULL for the JSON codec; for a binary codec p_data's elements are NULL.
CREATE FUNCTION "${schema}".append_singles(
    p_stream   text[],
    p_expected bigint[],
    p_event_id uuid[],
    p_type     text[],
    p_revision int[],
    p_data     text[],
    p_metadata text[],
    p_codec    text,
    p_binary   bytea[])
RETURNS TABLE (ordinal int, version bigint, tx bigint)
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off
SET enable_bitmapscan = off
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH w AS (
        INSERT INTO "${schema}".events AS e
            (tx, ordinal, stream_id, version, event_id, type, revision, data, metadata, codec,
             binary_data)
        SELECT pg_current_xact_id(), p.i::int - 1, p.s, c.v + 1, p.id, p.type, p.revision,
               p.data::jsonb, p.meta::jsonb, p_codec, coalesce(p.bin, '\x'::bytea)
          FROM (SELECT *
                  FROM unnest(p_stream, p_expected, p_event_id, p_type, p_revision, p_data,
                              p_metadata, p_binary)
                       WITH ORDINALITY AS u(s, x, id, type, revision, data, meta, bin, i)
                 ORDER BY hashtextextended(u.s, 0)) p
         CROSS JOIN LATERAL (
               SELECT pg_advisory_xact_lock(hashtextextended(p.s, 0)) AS l,
                      CASE WHEN p.x >= 0 THEN p.x
                           ELSE coalesce((SELECT max(v.version) FROM "${schema}".events v
                                           WHERE v.stream_id = p.s), 0) END AS v) c
         WHERE CASE WHEN p.x >= 0
                    THEN p.x = 0 OR EXISTS (SELECT 1 FROM "${schema}".events v
                                             WHERE v.stream_id = p.s AND v.version = p.x)
                    ELSE p.x = -1 OR (p.x = -2 AND c.v > 0) END
        ON CONFLICT DO NOTHING
        RETURNING e.ordinal, e.version, e.tx)
    SELECT w.ordinal, w.version, (w.tx::text)::bigint FROM w;
END
$fn$;
