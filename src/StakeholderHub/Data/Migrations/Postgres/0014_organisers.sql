-- Organisers (issue 18, point 1): PostgreSQL's spelling of Sqlite/0014.

CREATE TABLE organisers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    created_at bigint NOT NULL
);

CREATE TABLE organiser_invitations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    -- The address the new organiser will sign in with, given by the organiser who invites them.
    email TEXT NOT NULL,
    invited_by bigint NOT NULL REFERENCES organisers (id),
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    used_at bigint,
    used_by bigint REFERENCES organisers (id)
);

ALTER TABLE events ADD COLUMN organiser_id bigint REFERENCES organisers (id);
ALTER TABLE events ADD COLUMN archived_at bigint;
ALTER TABLE events ADD COLUMN deleting bigint NOT NULL DEFAULT 0 CHECK (deleting IN (0, 1));

CREATE INDEX events_by_organiser ON events (organiser_id) WHERE organiser_id IS NOT NULL;

-- Evidence stays append-only, except while its event is being deleted (events.deleting, set in the same transaction).
CREATE FUNCTION evidence_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deleting FROM events WHERE id = OLD.event_id) = 1 THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'evidence is append-only';
END
$$;

DROP TRIGGER evidence_no_delete ON evidence;
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence FOR EACH ROW EXECUTE FUNCTION evidence_delete_guard();
