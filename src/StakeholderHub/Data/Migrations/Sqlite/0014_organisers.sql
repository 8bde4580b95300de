-- Organisers (issue 18, point 1): the people who sign in to the console at /organiser and own events.

CREATE TABLE organisers (
    id INTEGER PRIMARY KEY,
    -- Normalised: trimmed and lower case; one account per address.
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- ASP.NET Core Identity's PasswordHasher (PBKDF2, salted); NULL for an account that signs in by OpenID Connect only.
    password_hash TEXT,
    created_at INTEGER NOT NULL
);

-- One-time invitations to become an organiser: only the SHA-256 of the token is kept.
CREATE TABLE organiser_invitations (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    -- The address the new organiser will sign in with, given by the organiser who invites them.
    email TEXT NOT NULL,
    invited_by INTEGER NOT NULL REFERENCES organisers (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by INTEGER REFERENCES organisers (id)
);

-- The organiser who owns the event (NULL: made with the deployment's facilitator key), and when they archived it.
ALTER TABLE events ADD COLUMN organiser_id INTEGER REFERENCES organisers (id);
ALTER TABLE events ADD COLUMN archived_at INTEGER;
-- Set inside the transaction that deletes the event, so that its evidence, append-only otherwise, may go with it.
ALTER TABLE events ADD COLUMN deleting INTEGER NOT NULL DEFAULT 0 CHECK (deleting IN (0, 1));

CREATE INDEX events_by_organiser ON events (organiser_id) WHERE organiser_id IS NOT NULL;

DROP TRIGGER evidence_no_delete;
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
WHEN (SELECT deleting FROM events WHERE id = OLD.event_id) = 0
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;
