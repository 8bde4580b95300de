-- PostgreSQL's spelling of Sqlite/0001_initial.sql (the same tables, columns and constraints). Every integer is a
-- bigint, as SQLite's INTEGER is 64 bits: times are Unix milliseconds (UTC); ids are identity columns.

CREATE TABLE settings (
    key text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text NOT NULL,
    join_code text NOT NULL UNIQUE,
    -- The version of the last committed change; every change takes the next one in its own transaction
    -- (UPDATE ... RETURNING version: the row lock serialises the writers of one event, on every node).
    version bigint NOT NULL DEFAULT 0,
    created_at bigint NOT NULL
);

CREATE TABLE people (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    role text NOT NULL CHECK (role IN ('facilitator', 'stakeholder', 'participant', 'projector')),
    name text NOT NULL,
    organisation text NOT NULL DEFAULT '',
    country text NOT NULL DEFAULT '',
    email text,
    -- A client's id for its join request, so that a retried join returns the same person.
    request_id text,
    created_at bigint NOT NULL
);

CREATE INDEX people_by_event ON people (event_id, role);
CREATE UNIQUE INDEX people_by_request ON people (event_id, request_id) WHERE request_id IS NOT NULL;

CREATE TABLE agenda_items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    position bigint NOT NULL,
    title text NOT NULL,
    presenter text NOT NULL DEFAULT '',
    organisation text NOT NULL DEFAULT '',
    kind text NOT NULL CHECK (kind IN ('talk', 'proposals', 'platform', 'discussion', 'reflection', 'break')),
    planned_minutes bigint NOT NULL CHECK (planned_minutes BETWEEN 1 AND 240),
    status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'current', 'done')),
    started_at bigint,
    ends_at bigint,
    ended_at bigint
);

CREATE INDEX agenda_items_by_event ON agenda_items (event_id, position);
CREATE UNIQUE INDEX agenda_one_current ON agenda_items (event_id) WHERE status = 'current';

-- What each version changed, as the clients receive it; Sync replays it to a client that missed some.
CREATE TABLE changes (
    event_id bigint NOT NULL REFERENCES events (id),
    version bigint NOT NULL,
    seq bigint NOT NULL,
    kind text NOT NULL,
    audience text NOT NULL CONSTRAINT changes_audience CHECK (audience IN ('everyone', 'facilitator')),
    merge_key text,
    data text NOT NULL,
    created_at bigint NOT NULL,
    PRIMARY KEY (event_id, version, seq)
);

-- Every participant interaction, written in the same transaction as the interaction. Append-only: taking
-- something back is a new row.
CREATE TABLE evidence (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    person_id bigint NOT NULL REFERENCES people (id),
    version bigint NOT NULL,
    action text NOT NULL,
    subject_kind text,
    subject_id bigint,
    detail text,
    created_at bigint NOT NULL
);

CREATE INDEX evidence_by_person ON evidence (event_id, person_id);

CREATE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence is append-only';
END
$$;

CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
