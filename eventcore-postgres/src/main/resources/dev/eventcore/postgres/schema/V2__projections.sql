-- eventcore projections, schema version 2: checkpoints, leases, dead letters and snapshots.
-- ${schema} is the store's schema (a validated identifier).

-- One row per projection. Writes are compare-and-set on revision and fenced by fencing_token:
--   UPDATE ... SET revision = revision + 1 ... WHERE revision = :expected AND fencing_token <= :token
-- An exactly-once (JDBC) projection updates its row in the transaction of its read-model writes.
CREATE TABLE "${schema}".checkpoints (
    projection    text        PRIMARY KEY,
    position      bigint      NOT NULL CHECK (position >= 0),
    revision      bigint      NOT NULL CHECK (revision >= 1),
    fencing_token bigint      NOT NULL CHECK (fencing_token >= 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per projection ever leased. fencing_token only grows (each grant increments it);
-- the holder is live while expires_at is in the future (database clock).
CREATE TABLE "${schema}".projection_leases (
    projection    text        PRIMARY KEY,
    owner         text        NOT NULL,
    fencing_token bigint      NOT NULL CHECK (fencing_token >= 1),
    expires_at    timestamptz NOT NULL,
    acquired_at   timestamptz NOT NULL DEFAULT now()
);

-- Events a projection gave up on (ErrorPolicy.retryThenDeadLetter), in the order added.
CREATE TABLE "${schema}".dead_letters (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    projection text        NOT NULL,
    stream_id  text        NOT NULL,
    version    bigint      NOT NULL,
    position   bigint      NOT NULL,
    event_id   uuid        NOT NULL,
    type       text        NOT NULL,
    attempts   int         NOT NULL,
    error      text        NOT NULL,
    failed_at  timestamptz NOT NULL
);
CREATE INDEX dead_letters_projection_idx ON "${schema}".dead_letters (projection, id);
