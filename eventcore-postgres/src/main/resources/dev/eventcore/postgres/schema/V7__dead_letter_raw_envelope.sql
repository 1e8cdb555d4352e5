-- eventcore dead letters, schema version 7: the raw envelope of a stored event that could not be
-- decoded, kept with its dead letter so it can be inspected and replayed later. All four are NULL
-- for a handler failure (raw_revision IS NULL: no envelope); the envelope's type is the type column.
-- ${schema} is the store's schema (a validated identifier).
ALTER TABLE "${schema}".dead_letters
    ADD COLUMN raw_revision int,
    ADD COLUMN raw_data     text,
    ADD COLUMN raw_metadata text,
    ADD COLUMN raw_reason   text,
    ADD CONSTRAINT dead_letters_raw_envelope_complete CHECK (
        (raw_revision IS NULL) = (raw_data IS NULL)
        AND (raw_revision IS NULL) = (raw_metadata IS NULL)
        AND (raw_revision IS NULL) = (raw_reason IS NULL));
