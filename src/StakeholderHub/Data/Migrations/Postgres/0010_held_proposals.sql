-- The content filter holds proposals too: why one is held (NULL when the room sees it), and whether the facilitator
-- rejected it (it then stays out of the room until an edit passes the filter or the facilitator approves it).
ALTER TABLE proposals ADD COLUMN held_reason text;
ALTER TABLE proposals ADD COLUMN rejected bigint NOT NULL DEFAULT 0;
