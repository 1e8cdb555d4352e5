-- eventcore event store, schema version 11: the codec that wrote each event. ${schema} is the
-- store's schema (a validated identifier).
--
-- A store writes payloads with one codec (EventCodec) and reads each event with the codec that wrote
-- it, so it can change codec without rewriting history:
--   codec        the name of the codec that wrote the payload; '' for the JSON codec ("json"), so
--                every row written before this version (and every JSON row after it) means JSON
--   data         the payload of a JSON codec, as before (queryable from SQL); NULL for a binary one
--   binary_data  the payload of a binary codec (e.g. 'cbor'); empty for a JSON one
-- The JSON path costs nothing more: the two new columns are NOT NULL with one-byte defaults (no
-- null bitmap on JSON rows), it keeps the append_batch function of V6 and the same INSERT, and a
-- read fetches codec and binary_data in the same statement. Adding columns with constant defaults
-- and dropping a NOT NULL are catalog-only changes: instant, no table rewrite. The CHECK is NOT VALID
-- (every existing row satisfies it; it is enforced on new rows without a scan of old ones).
ALTER TABLE "${schema}".events
    ALTER COLUMN data DROP NOT NULL,
    ADD COLUMN codec       text  NOT NULL DEFAULT '',
    ADD COLUMN binary_data bytea NOT NULL DEFAULT '\x',
    ADD CONSTRAINT events_payload_of_its_codec CHECK (
        CASE WHEN data IS NULL THEN codec <> '' ELSE octet_length(binary_data) = 0 END) NOT VALID;

-- Snapshots alike: the state in state (JSON) or binary_state (a binary codec named by codec).
ALTER TABLE "${schema}".snapshots
    ALTER COLUMN state DROP NOT NULL,
    ADD COLUMN codec        text  NOT NULL DEFAULT '',
    ADD COLUMN binary_state bytea NOT NULL DEFAULT '\x',
    ADD CONSTRAINT snapshots_state_of_its_codec CHECK (
        CASE WHEN state IS NULL THEN codec <> '' ELSE octet_length(binary_state) = 0 END) NOT VALID;

-- append_batch for every codec but the JSON one (which keeps V6's function): as in V6, with the
-- codec's name (p_codec, '' for JSON) and, per event, either p_data (JSON text) or p_binary (bytes;
-- NULL for a JSON event). A retry is recognized only if the stored event has the same type,
-- revision, codec, payload and metadata.
CREATE FUNCTION "${schema}".append_batch(
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
    p_binary       bytea[])
RETURNS TABLE (outcome text, versions bigint[], first_position bigint, last_position bigint,
               miss_part int, dup_event int[], dup_stream text[], dup_version bigint[],
               dup_position bigint[], dup_same boolean[])
LANGUAGE plpgsql VOLATILE
-- Its statements' plans are cached per session; planned while the tables are small they would be
-- sequential scans, kept until the next ANALYZE. Every look-up here has an index: always use it.
SET enable_seqscan = off
AS $fn$
DECLARE
    v_appends  int := coalesce(array_length(p_append_parts, 1), 0);
    v_streams  text[];    -- the batch's distinct streams
    v_version  bigint[];  -- their versions, including this batch's earlier appends
    v_slot     int[];     -- per part: the index of its stream in v_streams
    v_dup      boolean;   -- some event id already stored or repeated: write append by append
    w_stream   text[];    -- per event of the batch, when written: its stream, version and ordinal
    w_version  bigint[];
    w_ordinal  int[];
    v_pending  boolean := false;
    v_flushed  int := 0;  -- events up to this index are written
    v_tx       xid8;
    v_base     bigint;
    v_ordinal  int := 0;
    v_first    int;
    v_part     int := 1;
    v_event    int := 1;
    v_p_to     int;
    v_e_to     int;
    v_cur      bigint[];
    v_exp      bigint;
    v_miss     int;
    v_n        int;
    v_k        int;
    v_off      int;
BEGIN
    IF v_appends = 0 THEN
        RETURN;
    END IF;
    IF array_length(p_stream, 1) = 1 THEN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream[1], 0));
        SELECT coalesce((SELECT max(e.version) FROM "${schema}".events e WHERE e.stream_id = p_stream[1]), 0),
               EXISTS (SELECT 1 FROM "${schema}".events e WHERE e.event_id = ANY (p_event_id))
          INTO v_base, v_dup;
        v_exp := p_expected[1];
        v_k := p_count[1];
        -- the common case, one append of events to one stream, is written right away
        IF v_appends = 1 AND NOT v_dup AND v_k > 0
           AND (v_exp = -1 OR (v_exp = -2 AND v_base > 0) OR v_exp = v_base) THEN
            v_tx := pg_current_xact_id_if_assigned();
            IF v_tx IS NOT NULL THEN
                SELECT coalesce(max(e.ordinal) + 1, 0) INTO v_ordinal FROM "${schema}".events e
                 WHERE e.tx = v_tx;
            END IF;
            IF v_ordinal + v_k > 1048576 THEN
                RAISE EXCEPTION 'eventcore: more than 1048576 events in one transaction'
                    USING ERRCODE = '54000';
            END IF;
            v_tx := pg_current_xact_id();
            IF v_k = 1 THEN
                INSERT INTO "${schema}".events
                    (tx, ordinal, stream_id, version, event_id, type, revision, data, metadata,
                     codec, binary_data)
                VALUES (v_tx, v_ordinal, p_stream[1], v_base + 1, p_event_id[1], p_type[1],
                        p_revision[1], p_data[1]::jsonb, p_metadata[1]::jsonb, p_codec,
                        coalesce(p_binary[1], '\x'::bytea));
            ELSE
                INSERT INTO "${schema}".events
                    (tx, ordinal, stream_id, version, event_id, type, revision, data, metadata,
                     codec, binary_data)
                SELECT v_tx, v_ordinal + n.i::int - 1, p_stream[1], v_base + n.i, n.id, n.type,
                       n.revision, n.data::jsonb, n.meta::jsonb, p_codec,
                       coalesce(n.bin, '\x'::bytea)
                  FROM unnest(p_event_id, p_type, p_revision, p_data, p_metadata, p_binary)
                       WITH ORDINALITY AS n(id, type, revision, data, meta, bin, i);
            END IF;
            outcome := 'W';
            versions := ARRAY[v_base + v_k];
            first_position := (((v_tx::text)::bigint + 1) << 20) | v_ordinal;
            last_position := (((v_tx::text)::bigint + 1) << 20) | (v_ordinal + v_k - 1);
            RETURN NEXT;
            RETURN;
        END IF;
        v_streams := p_stream;
        v_version := ARRAY[v_base];
        v_slot := '{1}';
    ELSE
        PERFORM pg_advisory_xact_lock(k.key)
           FROM (SELECT DISTINCT hashtextextended(s, 0) AS key FROM unnest(p_stream) AS s ORDER BY 1) k;
        SELECT array_agg(d.s ORDER BY d.s),
               array_agg(coalesce((SELECT max(e.version) FROM "${schema}".events e
                                    WHERE e.stream_id = d.s), 0) ORDER BY d.s),
               bool_or(EXISTS (SELECT 1 FROM "${schema}".events e WHERE e.event_id = ANY (p_event_id)))
          INTO v_streams, v_version, v_dup
          FROM (SELECT DISTINCT s FROM unnest(p_stream) AS s) d;
        SELECT array_agg(d.i::int ORDER BY p.o) INTO v_slot
          FROM unnest(p_stream) WITH ORDINALITY AS p(s, o)
          JOIN unnest(v_streams) WITH ORDINALITY AS d(s, i) ON d.s = p.s;
    END IF;
    -- an append's ids are distinct (checked by the caller); appends of a batch may share some
    IF NOT v_dup AND v_appends > 1 THEN
        v_dup := (SELECT count(DISTINCT x) FROM unnest(p_event_id) AS x) < cardinality(p_event_id);
    END IF;
    w_stream := array_fill(NULL::text, ARRAY[cardinality(p_event_id)]);
    w_version := array_fill(NULL::bigint, ARRAY[cardinality(p_event_id)]);
    w_ordinal := array_fill(NULL::int, ARRAY[cardinality(p_event_id)]);

    v_tx := pg_current_xact_id_if_assigned();
    IF v_tx IS NOT NULL THEN
        SELECT coalesce(max(e.ordinal) + 1, 0) INTO v_ordinal FROM "${schema}".events e WHERE e.tx = v_tx;
    END IF;

    FOR a IN 1 .. v_appends LOOP
        v_p_to := v_part + p_append_parts[a] - 1;
        v_n := 0;
        FOR p IN v_part .. v_p_to LOOP
            v_n := v_n + p_count[p];
        END LOOP;
        v_e_to := v_event + v_n - 1;

        outcome := NULL; versions := NULL; first_position := NULL; last_position := NULL;
        miss_part := NULL; dup_event := NULL; dup_stream := NULL; dup_version := NULL;
        dup_position := NULL; dup_same := NULL;

        v_cur := '{}';
        FOR p IN v_part .. v_p_to LOOP
            v_cur[p - v_part + 1] := v_version[v_slot[p]];
        END LOOP;

        -- the detailed look-up runs only when some id is already stored (a retry or a reuse)
        IF v_dup AND EXISTS (SELECT 1 FROM "${schema}".events e
                              WHERE e.event_id = ANY (p_event_id[v_event:v_e_to])) THEN
        SELECT array_agg(n.i::int ORDER BY n.i), array_agg(e.stream_id ORDER BY n.i),
               array_agg(e.version ORDER BY n.i),
               array_agg((((e.tx::text)::bigint + 1) << 20) | e.ordinal ORDER BY n.i),
               array_agg(e.type = n.type AND e.revision = n.revision AND e.codec = p_codec
                         AND e.data IS NOT DISTINCT FROM n.data::jsonb
                         AND e.binary_data = coalesce(n.bin, '\x'::bytea)
                         AND e.metadata = n.meta::jsonb ORDER BY n.i)
          INTO dup_event, dup_stream, dup_version, dup_position, dup_same
          FROM unnest(p_event_id[v_event:v_e_to], p_type[v_event:v_e_to], p_revision[v_event:v_e_to],
                      p_data[v_event:v_e_to], p_metadata[v_event:v_e_to],
                      p_binary[v_event:v_e_to])
               WITH ORDINALITY AS n(id, type, revision, data, meta, bin, i)
          JOIN "${schema}".events e ON e.event_id = n.id;
        END IF;

        IF dup_event IS NOT NULL THEN
            outcome := 'D';
            versions := v_cur;
            -- a check-only stream is reported as the original append saw it: its version just
            -- before that append's first event
            FOR p IN v_part .. v_p_to LOOP
                IF p_count[p] = 0 THEN
                    SELECT coalesce(max(e.version), 0) INTO v_base FROM "${schema}".events e
                     WHERE e.stream_id = p_stream[p]
                       AND ((((e.tx::text)::bigint + 1) << 20) | e.ordinal)
                           < (SELECT min(x) FROM unnest(dup_position) AS x);
                    versions[p - v_part + 1] := v_base;
                END IF;
            END LOOP;
        ELSE
            v_miss := NULL;
            FOR p IN v_part .. v_p_to LOOP
                v_exp := p_expected[p];
                v_base := v_cur[p - v_part + 1];
                IF NOT (v_exp = -1 OR (v_exp = -2 AND v_base > 0) OR v_exp = v_base) THEN
                    v_miss := p - v_part + 1;
                    EXIT;
                END IF;
            END LOOP;
            IF v_miss IS NOT NULL THEN
                outcome := 'V';
                versions := v_cur;
                miss_part := v_miss;
            ELSE
                IF v_ordinal + v_n > 1048576 THEN
                    RAISE EXCEPTION 'eventcore: more than 1048576 events in one transaction'
                        USING ERRCODE = '54000';
                END IF;
                v_tx := pg_current_xact_id();
                v_first := v_ordinal;
                v_off := v_event;
                versions := v_cur;
                FOR p IN v_part .. v_p_to LOOP
                    v_k := p_count[p];
                    IF v_k > 0 THEN
                        v_base := v_cur[p - v_part + 1];
                        FOR j IN 1 .. v_k LOOP
                            w_stream[v_off] := p_stream[p];
                            w_version[v_off] := v_base + j;
                            w_ordinal[v_off] := v_ordinal;
                            v_ordinal := v_ordinal + 1;
                            v_off := v_off + 1;
                        END LOOP;
                        v_version[v_slot[p]] := v_base + v_k;
                        versions[p - v_part + 1] := v_base + v_k;
                    END IF;
                END LOOP;
                v_pending := v_pending OR v_n > 0;
                outcome := 'W';
                first_position := (((v_tx::text)::bigint + 1) << 20) | v_first;
                last_position := (((v_tx::text)::bigint + 1) << 20) | (v_ordinal - 1);
            END IF;
        END IF;

        -- write once after the last append, or after each one when some id is already stored
        IF v_pending AND (v_dup OR a = v_appends) THEN
            INSERT INTO "${schema}".events
                (tx, ordinal, stream_id, version, event_id, type, revision, data, metadata,
                     codec, binary_data)
            SELECT v_tx, n.ordinal, n.stream, n.version, n.id, n.type, n.revision, n.data::jsonb,
                   n.meta::jsonb, p_codec, coalesce(n.bin, '\x'::bytea)
              FROM unnest(w_stream, w_version, w_ordinal, p_event_id, p_type, p_revision, p_data,
                          p_metadata, p_binary)
                   WITH ORDINALITY AS n(stream, version, ordinal, id, type, revision, data, meta,
                                        bin, i)
             WHERE n.version IS NOT NULL AND n.i > v_flushed;
            v_flushed := v_e_to;
            v_pending := false;
        END IF;
        RETURN NEXT;
        v_part := v_p_to + 1;
        v_event := v_e_to + 1;
    END LOOP;
END
$fn$;
