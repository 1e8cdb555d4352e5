-- eventcore, schema version 10: an operator's request to replay a projection's dead letters.
-- ${schema} is the store's schema (a validated identifier).
--   replay_requested_at set: the instance granted the lease next replays the projection's dead
--                       letters (its handler runs again on each), then clears it. The admin CLI
--                       (dead-letters replay) sets it and takes the holder's token, since only the
--                       application has the handler.
ALTER TABLE "${schema}".projection_leases
    ADD COLUMN replay_requested_at timestamptz;
