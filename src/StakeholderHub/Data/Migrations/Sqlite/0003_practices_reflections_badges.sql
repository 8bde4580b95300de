-- Practices, reflections, the badge rule and issued credentials (issue 5).

-- Set when the facilitator closes the event: reflections and practices can no longer be changed.
ALTER TABLE events ADD COLUMN closed_at INTEGER;

CREATE TABLE practices (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    -- Hidden by the facilitator: shown to nobody but the facilitator, and no longer counted for the badge.
    hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    request_id TEXT,
    created_at INTEGER NOT NULL
);

CREATE INDEX practices_by_event ON practices (event_id);
CREATE UNIQUE INDEX practices_by_request ON practices (person_id, request_id) WHERE request_id IS NOT NULL;

-- One reflection per participant, editable until the event closes.
CREATE TABLE reflections (
    person_id INTEGER PRIMARY KEY REFERENCES people (id),
    event_id INTEGER NOT NULL REFERENCES events (id),
    take_home TEXT NOT NULL,
    contribute TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX reflections_by_event ON reflections (event_id);

-- The event's badge rule as JSON (Badges/BadgeRule.cs); an event without a row uses the default rule.
CREATE TABLE badge_rules (
    event_id INTEGER PRIMARY KEY REFERENCES events (id),
    rule TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Issued credentials: at most one per person (so per event), never re-issued; revoking keeps the row.
CREATE TABLE credentials (
    id TEXT PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    person_id INTEGER NOT NULL UNIQUE REFERENCES people (id),
    email TEXT NOT NULL,
    -- What the credential was built from (JSON), so the OB 2.0 assertion and the badge page show the same facts.
    issue TEXT NOT NULL,
    credential TEXT NOT NULL,
    jwt TEXT NOT NULL,
    -- The public badge page, at an unguessable address.
    page_url TEXT NOT NULL,
    issued_by TEXT NOT NULL CHECK (issued_by IN ('claim', 'facilitator')),
    issued_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revocation_reason TEXT
);

CREATE INDEX credentials_by_event ON credentials (event_id);
