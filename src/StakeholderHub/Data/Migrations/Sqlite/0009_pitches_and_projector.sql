-- The run of show: an agenda item may hold an ordered run of short timed pitches, each a proposal or a platform slot
-- with its speaker; the projector's mode; a question pinned to the screen; the session's planned start and end.

CREATE TABLE pitches (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    proposal_id INTEGER REFERENCES proposals (id),
    speaker_id INTEGER REFERENCES people (id),
    speaker TEXT NOT NULL DEFAULT '',
    planned_minutes INTEGER NOT NULL CHECK (planned_minutes BETWEEN 1 AND 60),
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'current', 'done')),
    started_at INTEGER,
    ends_at INTEGER,
    ended_at INTEGER
);

CREATE INDEX pitches_by_item ON pitches (agenda_item_id, position);
CREATE UNIQUE INDEX pitches_one_current ON pitches (event_id) WHERE status = 'current';

ALTER TABLE events ADD COLUMN projector_mode TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE events ADD COLUMN projector_qr TEXT NOT NULL DEFAULT 'shown';
ALTER TABLE events ADD COLUMN screen_pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN starts_at INTEGER;
ALTER TABLE events ADD COLUMN ends_at INTEGER;
