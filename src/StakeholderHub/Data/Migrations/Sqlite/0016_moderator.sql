-- The moderator (issue 18): a role of people, and the audience 'moderation' of changes (what the facilitator and the
-- moderators hear: questions not published, practices hidden or held).

-- people.role: SQLite cannot change a CHECK constraint, and people cannot be rebuilt as changes was in 0002: many
-- tables refer to it, and with foreign keys on (they are, and cannot be turned off inside the migration's
-- transaction) DROP TABLE people would delete it first. Widening a CHECK changes no stored row, so SQLite's own
-- procedure for such a change (https://www.sqlite.org/lang_altertable.html, "making other kinds of table schema
-- changes") is used: the table's CREATE statement is edited in sqlite_schema, which keeps every column (whatever
-- migrations added), row, index and reference as it is. Creating and dropping a table afterwards moves the schema
-- version on, so every open connection reads the new constraint.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, '''participant'', ''projector'')', '''participant'', ''projector'', ''moderator'')')
WHERE type = 'table' AND name = 'people' AND sql NOT LIKE '%''moderator''%';
PRAGMA writable_schema = RESET;
CREATE TABLE moderator_schema_bump (x INTEGER);
DROP TABLE moderator_schema_bump;

-- changes.audience: rebuilt as in 0002 (nothing refers to changes).
CREATE TABLE changes_new (
    event_id INTEGER NOT NULL REFERENCES events (id),
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    audience TEXT NOT NULL CHECK (audience IN ('everyone', 'facilitator', 'moderation', 'person')),
    recipient INTEGER CHECK ((audience = 'person') = (recipient IS NOT NULL)),
    merge_key TEXT,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, version, seq)
) WITHOUT ROWID;

INSERT INTO changes_new (event_id, version, seq, kind, audience, recipient, merge_key, data, created_at)
SELECT event_id, version, seq, kind, audience, recipient, merge_key, data, created_at FROM changes;

DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
