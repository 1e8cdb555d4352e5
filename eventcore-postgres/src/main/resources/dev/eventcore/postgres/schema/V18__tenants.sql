-- eventcore event store, schema version 18: tenants. ${schema} is the store's schema (a validated
-- identifier).
--
-- Many tenants share one schema, one log and one set of tables. A tenant's store writes every key
-- it owns with the tenant in front: the tenant, U+001F (the unit separator), then the key, in the
-- stream ids of events, stream lives and snapshots, in projection names (checkpoints, leases,
-- dead letters) and in data subjects. A stream id can never hold U+001F, so no id a tenant can
-- build names another tenant's key, and every unique index, lock and function of the store keeps
-- working unchanged: two tenants' "order-1" are two different keys.
--
-- The database enforces the isolation, not the library: a login role is mapped to its tenant
-- (tenant_roles, written by register_tenant), and row-level security, forced on every table that
-- holds a key, lets a session see and write only the rows of its login role's tenant. The tenant
-- is that of session_user, so neither SET ROLE nor a function running with its owner's rights
-- (SECURITY DEFINER: the deletion, archive and forget functions) can change it; a login role
-- without a mapping is the default tenant (keys without a separator). The schema's owner, its
-- members and roles that bypass row-level security see every tenant: the operator's view.
--
-- Nothing changes until the first register_tenant: it enables row-level security and builds the
-- index of each tenant's log, so a store without tenants pays nothing.
CREATE TABLE "${schema}".tenant_roles (
    role_name name PRIMARY KEY,
    tenant    text NOT NULL CHECK (tenant ~ '^[a-z0-9_]{1,63}$')
);

-- The tenant of a key: the text before U+001F, or '' (the default tenant) if it has none. Inlined
-- by the planner (a plain SQL expression), in queries and in the tenant index alike. A
-- SQL-standard body, bound to pg_catalog's functions and operator when it is created: a body in
-- quotes would be parsed again, with the caller's search_path, each time it is inlined into a
-- policy, and a session could put its own split_part in front and name itself any tenant.
CREATE FUNCTION "${schema}".tenant_of(p_key text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN pg_catalog.strpos(p_key, E'\x1f') OPERATOR(pg_catalog.>) 0
    THEN pg_catalog.split_part(p_key, E'\x1f', 1) ELSE '' END;

-- The session's tenant: NULL (every tenant) for the schema's owner, its members and roles that
-- bypass row-level security; else the login role's tenant, or '' without a mapping. For the
-- owner's policy and the store's start-up check; a tenant's statements look up their tenant
-- directly (below). PL/pgSQL, so that its queries are planned once per session.
CREATE FUNCTION "${schema}".session_tenant()
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles r, pg_namespace n
                WHERE r.rolname = session_user AND n.nspname = '${schema}'
                  AND (r.rolsuper OR r.rolbypassrls
                       OR pg_has_role(session_user, n.nspowner, 'MEMBER'))) THEN
        RETURN NULL;
    END IF;
    RETURN coalesce((SELECT t.tenant FROM "${schema}".tenant_roles t
                      WHERE t.role_name = session_user), '');
END
$fn$;

-- Whether row-level security confines the owners of the schema, of its tables and of its
-- functions that run with their owner's rights (SECURITY DEFINER): a superuser or a role with
-- BYPASSRLS ignores the policies even when they are forced, so such a function would reach every
-- tenant (a schema migrated by a superuser and then handed to another role keeps the superuser's
-- tables and functions). Checked by register_tenant and by a tenant's store at start.
CREATE FUNCTION "${schema}".owners_confined()
RETURNS boolean
LANGUAGE sql STABLE
RETURN NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
     WHERE n.nspname = '${schema}' AND (r.rolsuper OR r.rolbypassrls)
    UNION ALL
    SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles r ON r.oid = c.relowner
     WHERE c.relnamespace = '"${schema}"'::regnamespace AND (r.rolsuper OR r.rolbypassrls)
    UNION ALL
    SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_roles r ON r.oid = p.proowner
     WHERE p.pronamespace = '"${schema}"'::regnamespace AND p.prosecdef
       AND (r.rolsuper OR r.rolbypassrls));

-- Maps a login role to a tenant (or moves it to another) and turns isolation on: row-level
-- security enabled and forced on every table that holds keys, with the policies below, and the
-- index by which a tenant's store reads its own log in order (built on the first call). Refused while the schema's owner is a superuser or
-- bypasses row-level security: the deletion, archive and forget functions run with the owner's
-- rights, and such an owner would let them reach every tenant. EXECUTE is revoked from PUBLIC:
-- the owner calls it.
CREATE FUNCTION "${schema}".register_tenant(p_tenant text, p_role name)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_owner name;
    v_table text;
    v_key   text;
BEGIN
    IF p_tenant IS NULL OR p_tenant !~ '^[a-z0-9_]{1,63}$' THEN
        RAISE EXCEPTION 'tenant must be 1..63 characters of a-z, 0-9 and _, but was %',
            coalesce(quote_literal(p_tenant), 'NULL') USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
        RAISE EXCEPTION 'role % does not exist: create the tenant''s login role first', p_role
            USING ERRCODE = '42704';
    END IF;
    SELECT r.rolname INTO v_owner FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
     WHERE n.nspname = '${schema}';
    IF NOT "${schema}".owners_confined() THEN
        RAISE EXCEPTION 'schema ${schema}, its tables or its SECURITY DEFINER functions are owned'
            ' by a superuser or a role that bypasses row-level security, which would let the'
            ' store''s functions reach every tenant: let a role without SUPERUSER and BYPASSRLS'
            ' own the schema and everything in it (migrate as that role)'
            USING ERRCODE = '55000';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role
                AND (rolsuper OR rolbypassrls OR pg_has_role(p_role, v_owner, 'MEMBER'))) THEN
        RAISE EXCEPTION 'role % sees every tenant (a superuser, BYPASSRLS, or the schema''s'
            ' owner): a tenant''s role must be one that row-level security applies to', p_role
            USING ERRCODE = '22023';
    END IF;
    INSERT INTO "${schema}".tenant_roles (role_name, tenant) VALUES (p_role, p_tenant)
        ON CONFLICT (role_name) DO UPDATE SET tenant = EXCLUDED.tenant;
    -- A role reads its own mapping only (the policies below look it up as the session's role).
    ALTER TABLE "${schema}".tenant_roles ENABLE ROW LEVEL SECURITY;
    DROP POLICY IF EXISTS own_role ON "${schema}".tenant_roles;
    CREATE POLICY own_role ON "${schema}".tenant_roles USING (role_name = session_user);
    GRANT SELECT ON "${schema}".tenant_roles TO PUBLIC;
    -- Two policies per table holding keys. tenant_isolation, for every role: a row is visible
    -- and writable when its key's tenant is the session's login role's ('' without a mapping).
    -- Being a single equality with a value computed once per statement (the sub-select, one
    -- primary-key look-up), it is also an index condition: a tenant's log read walks
    -- event_log_tenant_idx, not every tenant's events.
    -- tenant_operator, for the owner (and so for the functions that run with its rights): every
    -- row when the session sees every tenant. Rebuilt on each call, so that a change of owner is
    -- followed.
    FOR v_table, v_key IN VALUES ('event_log', 'stream_id'), ('events', 'stream_id'),
            ('events_archive', 'stream_id'), ('stream_lives', 'stream_id'),
            ('snapshots', 'stream_id'), ('checkpoints', 'projection'),
            ('projection_leases', 'projection'), ('dead_letters', 'projection'),
            ('subject_keys', 'subject') LOOP
        EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I.%I', '${schema}', v_table);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I.%I USING (%I.tenant_of(%I) ='
            ' coalesce((SELECT t.tenant FROM %I.tenant_roles t WHERE t.role_name = session_user),'
            ' %L))', '${schema}', v_table, '${schema}', v_key, '${schema}', '');
        EXECUTE format('DROP POLICY IF EXISTS tenant_operator ON %I.%I', '${schema}', v_table);
        EXECUTE format('CREATE POLICY tenant_operator ON %I.%I TO %I USING'
            ' ((SELECT %I.session_tenant()) IS NULL)',
            '${schema}', v_table, v_owner, '${schema}');
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', '${schema}', v_table);
        EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', '${schema}', v_table);
    END LOOP;
    CREATE INDEX IF NOT EXISTS event_log_tenant_idx
        ON "${schema}".event_log ("${schema}".tenant_of(stream_id), tx, ordinal);
    -- No statistics on the tenant: the planner never knows the session's tenant when it plans (the
    -- policies look it up as the statement starts), so with statistics it would estimate an
    -- unknown tenant as common as the average one, and as every row while a single tenant had
    -- been analyzed: a new tenant's log read then walked the other tenants' events in position
    -- order and filtered them. Without, it takes a tenant for a small part of the log (PostgreSQL's
    -- default equality selectivity) and reads it by this index. (Set on the partitioned index,
    -- it applies to each partition's.)
    ALTER INDEX "${schema}".event_log_tenant_idx ALTER COLUMN 1 SET STATISTICS 0;
END
$fn$;

REVOKE ALL ON FUNCTION "${schema}".register_tenant(text, name) FROM PUBLIC;
