-- eventcore snapshots, schema version 3. ${schema} is the store's schema (a validated identifier).
-- The latest snapshot per stream: the aggregate state as JSON, folded up to a committed version.
-- A state_revision other than the reader's means another state shape: the reader ignores it.
CREATE TABLE "${schema}".snapshots (
    stream_id      text        PRIMARY KEY,
    version        bigint      NOT NULL CHECK (version >= 1),
    state_revision int         NOT NULL CHECK (state_revision >= 0),
    state          jsonb       NOT NULL,
    saved_at       timestamptz NOT NULL DEFAULT now()
);
