-- eventcore event store, schema version 16: the keys of data subjects, for crypto-shredding.
-- ${schema} is the store's schema (a validated identifier).
--
-- subject_keys holds one AES key per data subject (PostgresSubjectKeyStore): the personal data of
-- payloads is stored encrypted with it, so destroying the row erases that data in every table at
-- once. key_id tells a key from an earlier, destroyed key of the same subject.
--
-- The runtime role reads and inserts keys but is not granted DELETE: forget_subject, which runs
-- with the privileges of its owner (SECURITY DEFINER, a fixed search_path), is how a key is
-- destroyed, and EXECUTE on it is revoked from PUBLIC, so only roles granted it can forget. A
-- deleted row's bytes stay in the table's pages until vacuumed (and in WAL and backups for their
-- retention): the table asks autovacuum to clean up after any deleted row.
CREATE TABLE "${schema}".subject_keys (
    subject    text        PRIMARY KEY,
    key_id     uuid        NOT NULL UNIQUE,
    key_bytes  bytea       NOT NULL CHECK (octet_length(key_bytes) IN (16, 24, 32)),
    created_at timestamptz NOT NULL DEFAULT now()
) WITH (autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0);

CREATE FUNCTION "${schema}".forget_subject(p_subject text)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH gone AS (
        DELETE FROM "${schema}".subject_keys WHERE subject = p_subject RETURNING 1)
    SELECT count(*) > 0 FROM gone
$fn$;

REVOKE ALL ON FUNCTION "${schema}".forget_subject(text) FROM PUBLIC;
