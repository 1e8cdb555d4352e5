-- eventcore event store, schema version 4: event revisions. ${schema} is the store's schema.
-- An event is stored as (type, revision): the revision of its class's shape (@EventType(revision = n)),
-- so a reader can decode an older shape into its legacy class and upcast it. Rows written before this
-- version are revision 1. Adding a column with a constant default is a catalog-only change: instant,
-- no table rewrite.
ALTER TABLE "${schema}".events ADD COLUMN IF NOT EXISTS revision integer NOT NULL DEFAULT 1;

-- append_batch gains p_revision (per event, after p_type); otherwise as in V1. A retry is recognized
-- only if the stored event has the same type, revision, data and metadata.
DROP FUNCTION "${schema}".append_batch(int[], text[], bigint[], int[], uuid[], text[], text[], text[]);

CREATE FUNCTION "${schema}".append_batch(
    p_append_parts int[],
    p_stream       text[],
    p_expected     bigint[],
    p_count        int[],
    p_event_id     uuid[],
    p_type         text[],
    p_revision     int[],
    p_data         text[],
    p_metadata     text[])
RETURNS TABLE (outcome text, versions bigint[], first_position bigint, last_position bigint,
               miss_part int, dup_event int[], dup_stream text[], dup_version bigint[],
               dup_position bigint[], dup_same boolean[])
LANGUAGE plpgsql VOLATILE
-- Its statements' plans are cached per session; planned while the tables are small they would be
-- sequential scans, kept until the next ANALYZE. Every look-up here has an index: always use it.
SET enable_seqscan = off
AS $fn$
DECLARE
    v_key      bigint;
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
    IF array_length(p_stream, 1) = 1 THEN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream[1], 0));
    ELSE
        FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_stream) AS s ORDER BY 1 LOOP
            PERFORM pg_advisory_xact_lock(v_key);
        END LOOP;
    END IF;

    v_tx := pg_current_xact_id_if_assigned();
    IF v_tx IS NOT NULL THEN
        SELECT coalesce(max(e.ordinal) + 1, 0) INTO v_ordinal FROM "${schema}".events e WHERE e.tx = v_tx;
    END IF;

    FOR a IN 1 .. coalesce(array_length(p_append_parts, 1), 0) LOOP
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
            SELECT s.version INTO v_base FROM "${schema}".streams s WHERE s.stream_id = p_stream[p];
            v_cur[p - v_part + 1] := coalesce(v_base, 0);
        END LOOP;

        -- the detailed look-up runs only when some id is already stored (a retry or a reuse)
        IF EXISTS (SELECT 1 FROM "${schema}".events e
                    WHERE e.event_id = ANY (p_event_id[v_event:v_e_to])) THEN
        SELECT array_agg(n.i::int ORDER BY n.i), array_agg(e.stream_id ORDER BY n.i),
               array_agg(e.version ORDER BY n.i),
               array_agg((((e.tx::text)::bigint + 1) << 20) | e.ordinal ORDER BY n.i),
               array_agg(e.type = n.type AND e.revision = n.revision AND e.data = n.data::jsonb
                         AND e.metadata = n.meta::jsonb ORDER BY n.i)
          INTO dup_event, dup_stream, dup_version, dup_position, dup_same
          FROM unnest(p_event_id[v_event:v_e_to], p_type[v_event:v_e_to],
                      p_revision[v_event:v_e_to], p_data[v_event:v_e_to],
                      p_metadata[v_event:v_e_to]) WITH ORDINALITY AS n(id, type, revision, data, meta, i)
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
                        IF v_k = 1 THEN
                            INSERT INTO "${schema}".events
                                (tx, ordinal, stream_id, version, event_id, type, revision, data, metadata)
                            VALUES (v_tx, v_ordinal, p_stream[p], v_base + 1, p_event_id[v_off],
                                    p_type[v_off], p_revision[v_off], p_data[v_off]::jsonb,
                                    p_metadata[v_off]::jsonb);
                        ELSE
                            INSERT INTO "${schema}".events
                                (tx, ordinal, stream_id, version, event_id, type, revision, data, metadata)
                            SELECT v_tx, v_ordinal + n.i::int - 1, p_stream[p], v_base + n.i, n.id,
                                   n.type, n.revision, n.data::jsonb, n.meta::jsonb
                              FROM unnest(p_event_id[v_off:v_off + v_k - 1],
                                          p_type[v_off:v_off + v_k - 1],
                                          p_revision[v_off:v_off + v_k - 1],
                                          p_data[v_off:v_off + v_k - 1],
                                          p_metadata[v_off:v_off + v_k - 1])
                                   WITH ORDINALITY AS n(id, type, revision, data, meta, i);
                        END IF;
                        -- a stream has a row exactly when it has events (version > 0)
                        IF v_base > 0 THEN
                            UPDATE "${schema}".streams SET version = v_base + v_k
                             WHERE stream_id = p_stream[p];
                        ELSE
                            INSERT INTO "${schema}".streams (stream_id, version)
                            VALUES (p_stream[p], v_k);
                        END IF;
                        versions[p - v_part + 1] := v_base + v_k;
                        v_ordinal := v_ordinal + v_k;
                        v_off := v_off + v_k;
                    END IF;
                END LOOP;
                outcome := 'W';
                first_position := (((v_tx::text)::bigint + 1) << 20) | v_first;
                last_position := (((v_tx::text)::bigint + 1) << 20) | (v_ordinal - 1);
            END IF;
        END IF;
        RETURN NEXT;
        v_part := v_p_to + 1;
        v_event := v_e_to + 1;
    END LOOP;
END
$fn$;
