-- eventcore event store, schema version 14: appends inside the caller's transaction.
-- ${schema} is the store's schema (a validated identifier).
--
-- append_in_transaction runs append_batch (V11's, every codec) on a connection whose transaction
-- the application owns and commits: its state change and its events commit or roll back together.
-- Two things differ from the store's own appends, which run in a transaction of their own:
--
-- * Stream order in the log. The store's appends take their streams' locks before their first
--   write, so their transaction id is assigned after every earlier writer of those streams
--   committed. The caller's transaction may have written its own tables first and already hold an
--   id smaller than that of a writer which has since appended to the stream and committed: its
--   events would come before that writer's in the log while following them in the stream. After
--   taking the locks, the function therefore refuses (SQLSTATE 40001, retry the transaction) when a
--   stream's last event belongs to a transaction with a greater id. Appending before the
--   transaction's first write avoids it altogether.
-- * Wake-ups. The store cannot see the caller's commit, so the function sends a NOTIFY on the
--   store's channel inside the transaction (p_channel; NULL sends none): PostgreSQL delivers it at
--   commit, and only then, to every store instance listening, this one included. Such a NOTIFY
--   serializes the commits of the transactions that send one; the store's own appends send none.
CREATE FUNCTION "${schema}".append_in_transaction(
    p_append_parts int[],
    p_stream       text[],
    p_expected     bigint[],
    p_count        int[],
    p_event_id     uuid[],
    p_type         text[],
    p_revision     int[],
    p_data         text[],
    p_metadata     text[],
    p_codec        text,
    p_binary       bytea[],
    p_channel      text)
RETURNS TABLE (outcome text, versions bigint[], first_position bigint, last_position bigint,
               miss_part int, dup_event int[], dup_stream text[], dup_version bigint[],
               dup_position bigint[], dup_same boolean[])
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off
AS $fn$
DECLARE
    v_key    bigint;
    v_tx     xid8;
    v_stream text;
    v_last   xid8;
BEGIN
    -- the same locks, in the same order, as append_batch takes (it takes them again: a no-op)
    FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_stream) AS s ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(v_key);
    END LOOP;
    v_tx := pg_current_xact_id_if_assigned();
    IF v_tx IS NOT NULL THEN
        FOR v_stream IN SELECT DISTINCT s FROM unnest(p_stream) AS s LOOP
            SELECT e.tx INTO v_last FROM "${schema}".events e
             WHERE e.stream_id = v_stream ORDER BY e.version DESC LIMIT 1;
            IF v_last > v_tx THEN
                RAISE EXCEPTION 'eventcore: stream % has events of a transaction that began writing after this one; roll back and retry the transaction (or append before its first write)', v_stream
                    USING ERRCODE = '40001';
            END IF;
        END LOOP;
    END IF;
    RETURN QUERY SELECT * FROM "${schema}".append_batch(p_append_parts, p_stream, p_expected,
        p_count, p_event_id, p_type, p_revision, p_data, p_metadata, p_codec, p_binary);
    IF p_channel IS NOT NULL THEN
        PERFORM pg_notify(p_channel, 'commit');
    END IF;
END
$fn$;
