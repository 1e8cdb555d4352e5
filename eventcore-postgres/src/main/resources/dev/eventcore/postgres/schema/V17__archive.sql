-- eventcore event store, schema version 17: the archive. ${schema} is the store's schema (a
-- validated identifier).
--
-- event_log is the whole log, partitioned by PostgreSQL (LIST on archived): the hot partition is
-- the events table itself (archived = false; every append writes it directly, with its indexes and
-- constraints unchanged), the archive partition events_archive (archived = true) holds what
-- archive_stream moved out of it. Every read goes through event_log, so an archived event reads
-- exactly as before, at its own position; appends and their checks touch only the hot partition,
-- whose indexes stay the size of the hot data however long the history grows.
--
-- The invariant that makes that safe: per stream, the archive holds a prefix (the versions below
-- some version) and the hot partition the rest, and a stream's last event never moves. So the
-- stream's version, the probes of an expected version and the (stream_id, version) constraint of
-- the hot partition answer as they did for the whole table: a version taken in the archive is
-- below every hot one, and an append only ever takes versions after the last.
--
-- Building: the column is a catalog-only change; ATTACH reads the events table once to check it
-- holds no archived row (it blocks appends meanwhile; on a large store, run the migration in a
-- quiet moment).
ALTER TABLE "${schema}".events ADD COLUMN archived boolean NOT NULL DEFAULT false;

CREATE TABLE "${schema}".event_log (LIKE "${schema}".events INCLUDING DEFAULTS)
    PARTITION BY LIST (archived);
ALTER TABLE "${schema}".event_log ATTACH PARTITION "${schema}".events FOR VALUES IN (false);
CREATE TABLE "${schema}".events_archive PARTITION OF "${schema}".event_log FOR VALUES IN (true);

-- The archive answers the same reads as the hot partition, by the same kinds of indexes, except
-- time: archived rows arrive stream by stream rather than in time order, so a btree (its cost is
-- paid when archiving, never by an append) serves recorded_at instead of a BRIN.
ALTER TABLE "${schema}".events_archive
    ADD CONSTRAINT events_archive_pkey PRIMARY KEY (tx, ordinal),
    ADD CONSTRAINT events_archive_stream_version_key UNIQUE (stream_id, version),
    ADD CONSTRAINT events_archive_event_id_key UNIQUE (event_id);
CREATE INDEX events_archive_stream_first_idx ON "${schema}".events_archive (stream_id COLLATE "C")
    WHERE version = 1;
CREATE INDEX events_archive_recorded_at_idx ON "${schema}".events_archive (recorded_at);
CREATE INDEX events_archive_correlation_idx
    ON "${schema}".events_archive ((metadata->>'correlationId'), tx, ordinal)
    WHERE metadata ? 'correlationId';

-- V15's append check, widened: one trigger, one query per appended event, three refusals. Besides
-- an insert into a deleted stream (EC001, as before), it refuses one below the stream's last hot
-- version and one whose event id the archive holds, with the error the hot partition's unique
-- indexes raise (23505, their constraint names and DETAIL), after which the append is decided
-- again by append_batch. Why: the direct INSERTs read the stream's version in their statement's
-- snapshot, taken before they wait for the stream's lock, and count on the unique index to refuse
-- a version taken meanwhile; a version taken meanwhile and then archived (or truncated) is no
-- longer in that index. The trigger's queries see what committed while the writer waited (a
-- fresh snapshot per statement in a volatile function), and a legitimate append never writes
-- below the stream's last version. A version in the archive is always below the stream's last
-- hot version, so the same look-up keeps versions unique across the partitions; PostgreSQL cannot
-- declare a unique index over a partitioned table without the partition key. Still created
-- disabled: the first deletion, truncation or archive turns it on (enable_stream_deletion or
-- enable_archive, each in a transaction of its own).
CREATE OR REPLACE FUNCTION "${schema}".refuse_deleted_streams() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_deletion text;
    v_stale    boolean;
    v_archived boolean;
BEGIN
    SELECT (SELECT l.deletion FROM "${schema}".stream_lives l
             WHERE l.stream_id = NEW.stream_id AND l.deletion IS NOT NULL),
           EXISTS (SELECT 1 FROM "${schema}".events h
                    WHERE h.stream_id = NEW.stream_id AND h.version > NEW.version),
           -- through event_log, pruned to the archive: the privilege readers have already
           EXISTS (SELECT 1 FROM "${schema}".event_log a
                    WHERE a.archived AND a.event_id = NEW.event_id)
      INTO v_deletion, v_stale, v_archived;
    IF v_deletion IS NOT NULL THEN
        RAISE EXCEPTION 'stream % is deleted (%)', NEW.stream_id, v_deletion
            USING ERRCODE = 'EC001', DETAIL = v_deletion || ':' || NEW.stream_id;
    ELSIF v_stale THEN
        RAISE EXCEPTION 'duplicate key value violates unique constraint "events_stream_version_key"'
            USING ERRCODE = '23505', CONSTRAINT = 'events_stream_version_key',
                  DETAIL = 'Key (stream_id, version)=(' || NEW.stream_id || ', ' || NEW.version
                           || ') already exists.';
    ELSIF v_archived THEN
        RAISE EXCEPTION 'duplicate key value violates unique constraint "events_event_id_key"'
            USING ERRCODE = '23505', CONSTRAINT = 'events_event_id_key',
                  DETAIL = 'Key (event_id)=(' || NEW.event_id || ') already exists.';
    END IF;
    RETURN NEW;
END
$fn$;

-- Turns the append check on before the store's first archive (V15's enable_stream_deletion does
-- the same before a deletion or a truncation): for a role that archives and never deletes.
CREATE FUNCTION "${schema}".enable_archive()
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM "${schema}".enable_stream_deletion();
END
$fn$;

-- Refuses (55000) an operation that needs the append check on while it is off: an append waiting
-- for the stream's lock must not write a version the operation moves or removes.
CREATE FUNCTION "${schema}".require_append_check(p_what text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_trigger t
                WHERE t.tgrelid = '"${schema}".events'::regclass
                  AND t.tgname = 'events_refuse_deleted_streams' AND t.tgenabled = 'D') THEN
        RAISE EXCEPTION '% is not enabled: call % first, in a transaction of its own', p_what,
            CASE p_what WHEN 'archiving' THEN 'enable_archive()' ELSE 'enable_stream_deletion()' END
            USING ERRCODE = '55000';
    END IF;
END
$fn$;

-- Moves the events of a stream below p_before, but never its last event, from the hot partition
-- to the archive, and returns how many moved. Positions, versions and payloads are kept; a reader
-- sees the stream before or after the move, never half of it. Takes the stream's lock as every
-- writer of the stream does.
CREATE FUNCTION "${schema}".archive_stream(p_stream text, p_before bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_version bigint;
    v_moved   bigint;
BEGIN
    PERFORM "${schema}".require_append_check('archiving');
    PERFORM "${schema}".lock_stream_life(p_stream);
    SELECT coalesce(max(e.version), 0) INTO v_version
      FROM "${schema}".events e WHERE e.stream_id = p_stream;
    WITH moved AS (
        DELETE FROM "${schema}".events e
         WHERE e.stream_id = p_stream AND e.version < least(p_before, v_version)
        RETURNING e.tx, e.ordinal, e.stream_id, e.version, e.event_id, e.type, e.data, e.metadata,
                  e.recorded_at, e.revision, e.codec, e.binary_data)
    INSERT INTO "${schema}".events_archive (tx, ordinal, stream_id, version, event_id, type, data,
                                            metadata, recorded_at, revision, codec, binary_data,
                                            archived)
    SELECT m.tx, m.ordinal, m.stream_id, m.version, m.event_id, m.type, m.data, m.metadata,
           m.recorded_at, m.revision, m.codec, m.binary_data, true
      FROM moved m;
    GET DIAGNOSTICS v_moved = ROW_COUNT;
    RETURN v_moved;
END
$fn$;

-- A hard deletion and a truncation remove the stream's archived events as well: V15's functions,
-- same signatures and checks (CREATE OR REPLACE keeps their grants), deleting from event_log; a
-- truncation now also needs the append check on.
CREATE OR REPLACE FUNCTION "${schema}".end_stream_deletion(p_stream text, p_deletion text,
                                                           p_version bigint)
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
        DELETE FROM "${schema}".event_log e WHERE e.stream_id = p_stream AND e.version < p_version;
        DELETE FROM "${schema}".snapshots s WHERE s.stream_id = p_stream;
    END IF;
    INSERT INTO "${schema}".stream_lives AS l (stream_id, first_version, deletion)
    VALUES (p_stream, p_version + 1, p_deletion)
    ON CONFLICT (stream_id) DO UPDATE
        SET first_version = excluded.first_version, deletion = excluded.deletion,
            changed_at = now();
END
$fn$;

CREATE OR REPLACE FUNCTION "${schema}".truncate_stream(p_stream text, p_keep_from bigint)
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
    PERFORM "${schema}".require_append_check('stream truncation');
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
    DELETE FROM "${schema}".event_log e WHERE e.stream_id = p_stream AND e.version < p_keep_from;
    GET DIAGNOSTICS v_removed = ROW_COUNT;
    INSERT INTO "${schema}".stream_lives AS l (stream_id, first_version)
    VALUES (p_stream, p_keep_from)
    ON CONFLICT (stream_id) DO UPDATE SET first_version = excluded.first_version,
        changed_at = now();
    RETURN v_removed;
END
$fn$;

-- Stream reads see the archive (V15's function, same signature: CREATE OR REPLACE keeps grants).
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
    FROM "${schema}".event_log e
    WHERE e.stream_id = p_stream AND e.version >= v_from
    ORDER BY e.version
    LIMIT p_count;
END
$fn$;

-- archive_stream and enable_archive run with their owner's rights: grant EXECUTE on both to the
-- role that archives. Readers need SELECT on event_log (reads through it check no privilege on its
-- partitions).
REVOKE ALL ON FUNCTION "${schema}".enable_archive() FROM PUBLIC;
REVOKE ALL ON FUNCTION "${schema}".require_append_check(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION "${schema}".archive_stream(text, bigint) FROM PUBLIC;
