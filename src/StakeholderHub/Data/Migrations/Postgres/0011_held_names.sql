-- The content filter holds a name or organisation given at check-in: why (NULL when the room sees it), and whether
-- the facilitator rejected it. While held, everyone else sees a placeholder instead (Events/ShownNames.cs).
ALTER TABLE people ADD COLUMN name_held_reason text;
ALTER TABLE people ADD COLUMN name_rejected bigint NOT NULL DEFAULT 0;
