-- The content filter holds proposals too: why one is held (NULL when the room sees it), and whether the facilitator
-- rejected it (it then stays out of the room until an edit passes the filter or the facilitator approves it).
ALTER TABLE proposals ADD COLUMN held_reason TEXT;
ALTER TABLE proposals ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
