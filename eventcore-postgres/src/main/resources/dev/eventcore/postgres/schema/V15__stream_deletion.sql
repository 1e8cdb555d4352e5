-- eventcore event store, schema version 15: deleting, restarting and truncating streams.
-- ${schema} is the store's schema (a validated identifier).
--
-- stream_lives holds, per stream ever deleted or truncated, the first version its reads return
-- and its deletion ('SOFT', 'HARD', or NULL while live). A deletion appends a tombstone event
-- ($eventcore.StreamDeleted) to the stream in the same transaction, so subscribers hear of it in
-- log order; a hard deletion and a truncation remove rows (other events keep their positions).
--
-- The runtime role still cannot UPDATE or DELETE events: these functions run with their owner's
-- rights (SECURITY DEFINER) and check what they are asked. Every one of them takes the stream's
-- transaction-scoped advisory lock first, as every writer of the stream does.
CREATE TABLE "${schema}".stream_lives (
    stream_id     text        PRIMARY KEY,
    first_version bigint      NOT NULL CHECK (first_version >= 1),
    deletion      text        CHECK (deletion IN ('SOFT', 'HARD')),
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- Stream listing finds a stream by its version-1 event; a stream that lost it (a truncation, a hard
-- deletion) is found here instead, in the listing's code point order.
CREATE INDEX stream_lives_listing_idx ON "${schema}".stream_lives (stream_id COLLATE "C")
    WHERE first_version > 1;

-- Refuses every insert into a deleted stream, whichever path wrote it (the direct INSERT, the
-- group commit's, append_batch): SQLSTATE EC001, DETAIL '<deletion>:<stream id>'. A row trigger:
-- one look-up in stream_lives per event, made after the writer took the stream's lock, with a
-- snapshot that sees a deletion committed while it waited. It is created disabled and costs
-- appends nothing until the store's first deletion enables it (enable_stream_deletion).
CREATE FUNCTION "${schema}".refuse_deleted_streams() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_deletion text;
BEGIN
    SELECT l.deletion INTO v_deletion
      FROM "${schema}".stream_lives l
     WHERE l.stream_id = NEW.stream_id AND l.deletion IS NOT NULL;
    IF FOUND THEN
        RAISE EXCEPTION 'stream % is deleted (%)', NEW.stream_id, v_deletion
            USING ERRCODE = 'EC001', DETAIL = v_deletion || ':' || NEW.stream_id;
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER events_refuse_deleted_streams
    BEFORE INSERT ON "${schema}".events
    FOR EACH ROW EXECUTE FUNCTION "${schema}".refuse_deleted_streams();
ALTER TABLE "${schema}".events DISABLE TRIGGER events_refuse_deleted_streams;

-- Takes the stream's transaction-scoped advisory lock, the one every writer of the stream takes,
-- and returns what stream_lives holds of it (NULLs for a stream never deleted nor truncated):
-- the first step of every function below.
CREATE FUNCTION "${schema}".lock_stream_life(p_stream text, OUT o_deletion text,
                                             OUT o_first_version bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
    SELECT l.deletion, l.first_version INTO o_deletion, o_first_version
      FROM "${schema}".stream_lives l WHERE l.stream_id = p_stream;
END
$fn$;

-- Turns the append check on, once, before the store's first deletion: in a transaction of its own
-- (the caller commits it before it deletes), holding no stream lock, because ALTER TABLE waits for
-- every transaction writing events and appenders may be waiting for a stream lock. Until then
-- appends pay nothing for deletions.
CREATE FUNCTION "${schema}".enable_stream_deletion()
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_trigger t
                WHERE t.tgrelid = '"${schema}".events'::regclass
                  AND t.tgname = 'events_refuse_deleted_streams' AND t.tgenabled = 'D') THEN
        ALTER TABLE "${schema}".events ENABLE TRIGGER events_refuse_deleted_streams;
    END IF;
END
$fn$;

-- Step 1 of a deletion, in the transaction that then appends the tombstone: locks the stream and
-- refuses one deleted already (EC001), except a soft deletion followed by a hard one, whose mark
-- it lifts for the tombstone (within this transaction only).
CREATE FUNCTION "${schema}".begin_stream_deletion(p_stream text, p_deletion text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_deletion text;
BEGIN
    IF p_deletion IS NULL OR p_deletion NOT IN ('SOFT', 'HARD') THEN
        RAISE EXCEPTION 'deletion must be SOFT or HARD, not %', p_deletion USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_trigger t
                WHERE t.tgrelid = '"${schema}".events'::regclass
                  AND t.tgname = 'events_refuse_deleted_streams' AND t.tgenabled = 'D') THEN
        RAISE EXCEPTION 'stream deletion is not enabled: call enable_stream_deletion() first, in a'
            ' transaction of its own' USING ERRCODE = '55000';
    END IF;
    SELECT l.o_deletion INTO v_deletion FROM "${schema}".lock_stream_life(p_stream) l;
    IF v_deletion = 'HARD' OR (v_deletion = 'SOFT' AND p_deletion = 'SOFT') THEN
        RAISE EXCEPTION 'stream % is deleted (%)', p_stream, v_deletion
            USING ERRCODE = 'EC001', DETAIL = v_deletion || ':' || p_stream;
    END IF;
    IF v_deletion IS NOT NULL THEN
        UPDATE "${schema}".stream_lives SET deletion = NULL WHERE stream_id = p_stream;
    END IF;
END
$fn$;

-- Step 2, after the tombstone was appended in this transaction at p_version: marks the stream
-- deleted, its reads starting after the tombstone; a hard deletion removes its other events and
-- its snapshot. Refuses (22023) unless the event at p_version is a tombstone of this transaction.
CREATE FUNCTION "${schema}".end_stream_deletion(p_stream text, p_deletion text, p_version bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_deletion IS NULL OR p_deletion NOT IN ('SOFT', 'HARD') THEN
        RAISE EXCEPTION 'deletion must be SOFT or HARD, not %', p_deletion USING ERRCODE = '22023';
    END IF;
    PERFORM "${schema}".lock_stream_life(p_stream);
    IF NOT EXISTS (SELECT 1 FROM "${schema}".events e
                    WHERE e.stream_id = p_stream AND e.version = p_version
                      AND e.type = '$eventcore.StreamDeleted'
                      AND e.tx = pg_current_xact_id_if_assigned())
       OR EXISTS (SELECT 1 FROM "${schema}".events e
                   WHERE e.stream_id = p_stream AND e.version > p_version) THEN
        RAISE EXCEPTION 'no tombstone of this transaction as the last event (version %) of stream %',
            p_version, p_stream USING ERRCODE = '22023';
    END IF;
    IF p_deletion = 'HARD' THEN
        DELETE FROM "${schema}".events e WHERE e.stream_id = p_stream AND e.version < p_version;
        DELETE FROM "${schema}".snapshots s WHERE s.stream_id = p_stream;
    END IF;
    INSERT INTO "${schema}".stream_lives AS l (stream_id, first_version, deletion)
    VALUES (p_stream, p_version + 1, p_deletion)
    ON CONFLICT (stream_id) DO UPDATE
        SET first_version = excluded.first_version, deletion = excluded.deletion,
            changed_at = now();
END
$fn$;

-- A restart, in the transaction that then appends the stream's new events: locks the stream,
-- refuses one that is not softly deleted (EC002) or is hard-deleted (EC001), and lifts the mark;
-- reads keep starting after the tombstone.
CREATE FUNCTION "${schema}".begin_stream_restart(p_stream text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_deletion text;
BEGIN
    SELECT l.o_deletion INTO v_deletion FROM "${schema}".lock_stream_life(p_stream) l;
    IF v_deletion IS NULL THEN
        RAISE EXCEPTION 'stream % is not deleted', p_stream USING ERRCODE = 'EC002';
    ELSIF v_deletion = 'HARD' THEN
        RAISE EXCEPTION 'stream % is deleted (HARD)', p_stream
            USING ERRCODE = 'EC001', DETAIL = 'HARD:' || p_stream;
    END IF;
    UPDATE "${schema}".stream_lives SET deletion = NULL, changed_at = now()
     WHERE stream_id = p_stream;
END
$fn$;

-- Removes the events of a live stream below p_keep_from (2 .. its version: the last event always
-- stays, so its version never goes back) and returns how many; reads then start at p_keep_from.
-- EC001 for a deleted stream, EC003 (DETAIL: the version) past its version.
CREATE FUNCTION "${schema}".truncate_stream(p_stream text, p_keep_from bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_deletion text;
    v_first    bigint;
    v_version  bigint;
    v_removed  bigint;
BEGIN
    SELECT l.o_deletion, l.o_first_version INTO v_deletion, v_first
      FROM "${schema}".lock_stream_life(p_stream) l;
    IF v_deletion IS NOT NULL THEN
        RAISE EXCEPTION 'stream % is deleted (%)', p_stream, v_deletion
            USING ERRCODE = 'EC001', DETAIL = v_deletion || ':' || p_stream;
    END IF;
    SELECT coalesce(max(e.version), 0) INTO v_version
      FROM "${schema}".events e WHERE e.stream_id = p_stream;
    IF p_keep_from > v_version THEN
        RAISE EXCEPTION 'stream % has version %', p_stream, v_version
            USING ERRCODE = 'EC003', DETAIL = v_version::text;
    END IF;
    IF p_keep_from <= coalesce(v_first, 1) THEN
        RETURN 0;
    END IF;
    DELETE FROM "${schema}".events e WHERE e.stream_id = p_stream AND e.version < p_keep_from;
    GET DIAGNOSTICS v_removed = ROW_COUNT;
    INSERT INTO "${schema}".stream_lives AS l (stream_id, first_version)
    VALUES (p_stream, p_keep_from)
    ON CONFLICT (stream_id) DO UPDATE SET first_version = excluded.first_version,
        changed_at = now();
    RETURN v_removed;
END
$fn$;

-- Stream reads start at the stream's first readable version (V12's function, same signature:
-- CREATE OR REPLACE keeps its grants).
CREATE OR REPLACE FUNCTION "${schema}".read_stream(p_stream text, p_from bigint, p_count int)
RETURNS TABLE (tx xid8, ordinal int, stream_id text, version bigint, event_id uuid, type text,
               data text, metadata text, recorded_at bigint, revision int, codec text,
               binary_data bytea)
LANGUAGE plpgsql STABLE
SET enable_seqscan = off
SET enable_bitmapscan = off
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    v_from bigint := p_from;
BEGIN
    SELECT greatest(p_from, l.first_version) INTO v_from
      FROM "${schema}".stream_lives l WHERE l.stream_id = p_stream;
    IF NOT FOUND THEN
        v_from := p_from;
    END IF;
    RETURN QUERY
    SELECT e.tx, e.ordinal, e.stream_id, e.version, e.event_id, e.type, e.data::text,
           e.metadata::text,
           CASE WHEN e.recorded_at BETWEEN '1900-01-01 00:00+00' AND '2100-01-01 00:00+00'
                THEN (date_part('epoch', e.recorded_at) * 1000000)::bigint
                ELSE (extract(epoch FROM e.recorded_at) * 1000000)::bigint END,
           e.revision, e.codec, e.binary_data
    FROM "${schema}".events e
    WHERE e.stream_id = p_stream AND e.version >= v_from
    ORDER BY e.version
    LIMIT p_count;
END
$fn$;

-- These functions remove events with their owner's rights: only roles granted EXECUTE may call
-- them (grant it to the runtime role that deletes and truncates streams).
REVOKE ALL ON FUNCTION "${schema}".lock_stream_life(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION "${schema}".enable_stream_deletion() FROM PUBLIC;
REVOKE ALL ON FUNCTION "${schema}".begin_stream_deletion(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION "${schema}".end_stream_deletion(text, text, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION "${schema}".begin_stream_restart(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION "${schema}".truncate_stream(text, bigint) FROM PUBLIC;
