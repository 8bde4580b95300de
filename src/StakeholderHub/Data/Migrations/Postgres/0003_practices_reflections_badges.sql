-- Practices, reflections, the badge rule and issued credentials (issue 5): PostgreSQL's spelling of Sqlite/0003.

-- Set when the facilitator closes the event: reflections and practices can no longer be changed.
ALTER TABLE events ADD COLUMN closed_at bigint;

CREATE TABLE practices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    person_id bigint NOT NULL REFERENCES people (id),
    title text NOT NULL,
    text text NOT NULL,
    -- Hidden by the facilitator: shown to nobody but the facilitator, and no longer counted for the badge.
    hidden bigint NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    request_id text,
    created_at bigint NOT NULL
);

CREATE INDEX practices_by_event ON practices (event_id);
CREATE UNIQUE INDEX practices_by_request ON practices (person_id, request_id) WHERE request_id IS NOT NULL;

-- One reflection per participant, editable until the event closes.
CREATE TABLE reflections (
    person_id bigint PRIMARY KEY REFERENCES people (id),
    event_id bigint NOT NULL REFERENCES events (id),
    take_home text NOT NULL,
    contribute text NOT NULL DEFAULT '',
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);

CREATE INDEX reflections_by_event ON reflections (event_id);

-- The event's badge rule as JSON (Badges/BadgeRule.cs); an event without a row uses the default rule.
CREATE TABLE badge_rules (
    event_id bigint PRIMARY KEY REFERENCES events (id),
    rule text NOT NULL,
    updated_at bigint NOT NULL
);

-- Issued credentials: at most one per person (so per event), never re-issued; revoking keeps the row.
CREATE TABLE credentials (
    id text PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    person_id bigint NOT NULL UNIQUE REFERENCES people (id),
    email text NOT NULL,
    -- What the credential was built from (JSON), so the OB 2.0 assertion and the badge page show the same facts.
    issue text NOT NULL,
    credential text NOT NULL,
    jwt text NOT NULL,
    -- The public badge page, at an unguessable address.
    page_url text NOT NULL,
    issued_by text NOT NULL CHECK (issued_by IN ('claim', 'facilitator')),
    issued_at bigint NOT NULL,
    revoked_at bigint,
    revocation_reason text
);

CREATE INDEX credentials_by_event ON credentials (event_id);
