-- Times are Unix milliseconds (UTC) so that the same columns work on SQLite and PostgreSQL.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    join_code TEXT NOT NULL UNIQUE,
    -- The version of the last committed change; every change takes the next one in its own transaction.
    version INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'stakeholder', 'participant', 'projector')),
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    email TEXT,
    -- A client's id for its join request, so that a retried join returns the same person.
    request_id TEXT,
    created_at INTEGER NOT NULL
);

CREATE INDEX people_by_event ON people (event_id, role);
CREATE UNIQUE INDEX people_by_request ON people (event_id, request_id) WHERE request_id IS NOT NULL;

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    presenter TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('talk', 'proposals', 'platform', 'discussion', 'reflection', 'break')),
    planned_minutes INTEGER NOT NULL CHECK (planned_minutes BETWEEN 1 AND 240),
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'current', 'done')),
    started_at INTEGER,
    ends_at INTEGER,
    ended_at INTEGER
);

CREATE INDEX agenda_items_by_event ON agenda_items (event_id, position);
CREATE UNIQUE INDEX agenda_one_current ON agenda_items (event_id) WHERE status = 'current';

-- What each version changed, as the clients receive it; Sync replays it to a client that missed some.
CREATE TABLE changes (
    event_id INTEGER NOT NULL REFERENCES events (id),
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    audience TEXT NOT NULL CHECK (audience IN ('everyone', 'facilitator')),
    merge_key TEXT,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, version, seq)
) WITHOUT ROWID;

-- Every participant interaction, written in the same transaction as the interaction. Append-only: taking
-- something back is a new row.
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL,
    subject_kind TEXT,
    subject_id INTEGER,
    detail TEXT,
    created_at INTEGER NOT NULL
);

CREATE INDEX evidence_by_person ON evidence (event_id, person_id);

CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;

CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;
