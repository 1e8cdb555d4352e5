-- eventcore event store, schema version 19: dynamic consistency boundaries. ${schema} is the
-- store's schema (a validated identifier).
--
-- An event's tags live in its metadata under "eventcore.tags" (sorted, one per line), so every
-- append path writes them unchanged and every read returns them. This index finds the events that
-- carry all of a query item's tags; events without tags are not in it, so stream appends pay
-- nothing for it. Without a pending list (fastupdate off) a tagged event's insert updates the
-- index at once, and a look-up never scans up to 4 MB of pending entries (measured: 3 ms instead
-- of 0.05 ms for a tag without events). On a large table, create it beforehand with CREATE INDEX
-- CONCURRENTLY (on each partition, then attach) under this name; IF NOT EXISTS keeps it.
CREATE INDEX IF NOT EXISTS event_log_tags_idx ON "${schema}".event_log
    USING gin ((string_to_array(metadata ->> 'eventcore.tags', E'\n'))) WITH (fastupdate = off)
    WHERE metadata ? 'eventcore.tags';

-- The check of a conditional append, called first in the append's transaction, before it writes.
--
-- Why no writer slips through: every writer of an event a condition could match holds, until it
-- commits, a lock the check takes in conflicting mode before it looks:
--   * a tagged event: the shared advisory lock of each of its tags (p_keys: 'tag', U+001E and the
--     tag; not exclusive); a condition item with tags takes one of them exclusively;
--   * an event of a stream: the stream's advisory lock (p_keys: the stream id), which every append
--     takes; a condition item on the stream's implicit tag takes it too, and so does the check for
--     the stream it appends to, so that it holds its locks in key order;
--   * an item with neither (types only, or every event): the log's ROW EXCLUSIVE table lock, which
--     every insert takes; such a check takes SHARE ROW EXCLUSIVE on events (p_lock_log), which
--     waits for every writing transaction and holds new ones until this one ends (at most 5 s
--     of waiting: lock_timeout, SQLSTATE 55P03, retryable).
-- So when the locks are held, every such writer has committed or rolled back, or waits for this
-- transaction. The look that follows runs in a snapshot taken after the locks (a VOLATILE
-- function's query gets a new one at READ COMMITTED) and sees every one that committed. It looks
-- after the read's position, which is the last event below the read's horizon: every transaction
-- with an id below it had ended when the read ran and was seen by it, so what the read missed has
-- a position after it. Every append takes the table lock before its advisory locks (an INSERT
-- locks its table when it starts), and so does the check, then the advisory locks in ascending
-- key order, as stream appends take theirs: two checks, or a check and an append, never wait for
-- each other in a circle.
--
-- Items: p_item_types, p_item_tags (each: names joined by new lines, '' for none) and
-- p_item_streams (a stream id, or NULL) by item. Returns the position of an event that matches
-- after (p_after_tx, p_after_ordinal), or NULL when there is none and the append may go on.
CREATE FUNCTION "${schema}".dcb_check(p_keys text[], p_exclusive boolean[], p_lock_log boolean,
                                      p_after_tx xid8, p_after_ordinal int,
                                      p_item_types text[], p_item_tags text[],
                                      p_item_streams text[])
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- the look at the tail is planned once: a partitioned log costs 0.1 ms to plan on every call,
-- and its plan (both primary keys in log order, stopping at 1,001 rows) fits every position
SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    v_where text := '';
    v_item  text;
    v_found   bigint;
    v_tail    bigint;
    v_lock    record;
    v_xmin    xid8;
    v_timeout text;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        -- the look below must see what committed while this waited for the locks
        RAISE EXCEPTION 'eventcore: a conditional append needs READ COMMITTED, but this transaction is %: set the pool''s default isolation to read committed',
            current_setting('transaction_isolation') USING ERRCODE = '0A000';
    END IF;
    -- A position at or past the horizon cannot come from a read (a read's position is below its
    -- horizon, and horizons only grow): whoever holds a smaller transaction id now may still
    -- commit below it. Look from the horizon instead, taken before waiting for any lock.
    v_xmin := pg_snapshot_xmin(pg_current_snapshot());
    IF p_after_tx >= v_xmin THEN
        p_after_tx := v_xmin;
        p_after_ordinal := -1;
    END IF;
    IF p_lock_log THEN
        -- waits for every writing transaction, and new writers queue behind it: bounded
        v_timeout := current_setting('lock_timeout');
        PERFORM set_config('lock_timeout', '5s', true);
        LOCK TABLE "${schema}".events IN SHARE ROW EXCLUSIVE MODE;
        PERFORM set_config('lock_timeout', v_timeout, true);
    ELSE
        LOCK TABLE "${schema}".events IN ROW EXCLUSIVE MODE; -- what the append takes anyway
    END IF;
    FOR v_lock IN SELECT hashtextextended(u.k, 0) AS key, bool_or(u.x) AS exclusive
                    FROM unnest(p_keys, p_exclusive) AS u(k, x) GROUP BY 1 ORDER BY 1 LOOP
        IF v_lock.exclusive THEN
            PERFORM pg_advisory_xact_lock(v_lock.key);
        ELSE
            PERFORM pg_advisory_xact_lock_shared(v_lock.key);
        END IF;
    END LOOP;
    IF coalesce(array_length(p_item_types, 1), 0) = 0 THEN
        RETURN NULL; -- an unconditional append: only the tags' locks
    END IF;
    -- Usually the condition's position is recent: look at the events after it, in log order, with
    -- a plan made once (the primary keys' order), at most 1,000 of them.
    SELECT count(*), min(t.pos) FILTER (WHERE EXISTS (
               SELECT 1 FROM unnest(p_item_types, p_item_tags, p_item_streams) AS i(ty, tg, st)
                WHERE (i.ty = '' OR t.type = ANY (string_to_array(i.ty, E'\n')))
                  AND (i.st IS NULL OR t.stream_id = i.st)
                  AND (i.tg = '' OR (t.metadata ? 'eventcore.tags'
                       AND string_to_array(t.metadata ->> 'eventcore.tags', E'\n')
                           @> string_to_array(i.tg, E'\n')))))
      INTO v_tail, v_found
      FROM (SELECT (((e.tx::text)::bigint + 1) << 20) | e.ordinal AS pos, e.type, e.stream_id,
                   e.metadata
              FROM "${schema}".event_log e
             WHERE e.tx >= p_after_tx AND (e.tx, e.ordinal) > (p_after_tx, p_after_ordinal)
             ORDER BY e.tx, e.ordinal LIMIT 1001) t;
    IF v_tail <= 1000 THEN
        RETURN v_found;
    END IF;
    -- A long way back (a condition on everything ever written, say): a query planned for the
    -- items' values, so the tag index finds the few events that carry them.
    FOR i IN 1 .. coalesce(array_length(p_item_types, 1), 0) LOOP
        v_item := 'true';
        IF p_item_types[i] <> '' THEN
            v_item := v_item || format(' AND e.type = ANY (%L::text[])',
                                       string_to_array(p_item_types[i], E'\n'));
        END IF;
        IF p_item_streams[i] IS NOT NULL THEN
            v_item := v_item || format(' AND e.stream_id = %L', p_item_streams[i]);
        END IF;
        IF p_item_tags[i] <> '' THEN
            v_item := v_item || format(' AND e.metadata ? ''eventcore.tags'''
                || ' AND string_to_array(e.metadata ->> ''eventcore.tags'', E''\n'') @> %L::text[]',
                string_to_array(p_item_tags[i], E'\n'));
        END IF;
        v_where := v_where || CASE WHEN v_where = '' THEN '' ELSE ' OR ' END || '(' || v_item || ')';
    END LOOP;
    EXECUTE 'SELECT (((e.tx::text)::bigint + 1) << 20) | e.ordinal FROM "${schema}".event_log e'
         || ' WHERE e.tx >= $1 AND (e.tx, e.ordinal) > ($1, $2) AND (' || v_where || ') LIMIT 1'
       INTO v_found USING p_after_tx, p_after_ordinal;
    RETURN v_found;
END
$fn$;

-- A conditional append in one call, the whole of its own transaction: dcb_check, then (when it
-- found nothing) append_batch with the same arguments as the store's other appends. Refuses with
-- SQLSTATE EC002 and the conflicting event's position as DETAIL; nothing is written then. Every
-- statement of append_batch runs after the check's locks, in snapshots of its own. p_stall (a test
-- hook, 0 in production) sleeps that many seconds after the write, before the commit: a late
-- committer holding its locks and its transaction id.
CREATE FUNCTION "${schema}".dcb_append(
    p_keys text[], p_exclusive boolean[], p_lock_log boolean, p_after_tx xid8,
    p_after_ordinal int, p_item_types text[], p_item_tags text[], p_item_streams text[],
    p_stall double precision,
    p_append_parts int[], p_stream text[], p_expected bigint[], p_count int[], p_event_id uuid[],
    p_type text[], p_revision int[], p_data text[], p_metadata text[], p_codec text,
    p_binary bytea[])
RETURNS TABLE (outcome text, versions bigint[], first_position bigint, last_position bigint,
               miss_part int, dup_event int[], dup_stream text[], dup_version bigint[],
               dup_position bigint[], dup_same boolean[])
LANGUAGE plpgsql VOLATILE
AS $fn$
DECLARE
    v_found bigint;
BEGIN
    v_found := "${schema}".dcb_check(p_keys, p_exclusive, p_lock_log, p_after_tx, p_after_ordinal,
                                     p_item_types, p_item_tags, p_item_streams);
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'eventcore: append condition failed: an event at % matches', v_found
            USING ERRCODE = 'EC002', DETAIL = v_found::text;
    END IF;
    RETURN QUERY SELECT * FROM "${schema}".append_batch(p_append_parts, p_stream, p_expected,
        p_count, p_event_id, p_type, p_revision, p_data, p_metadata, p_codec, p_binary);
    IF p_stall > 0 THEN
        PERFORM pg_sleep(p_stall);
    END IF;
END
$fn$;
