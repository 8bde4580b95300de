-- The run of show: an agenda item may hold an ordered run of short timed pitches, each a proposal or a platform slot
-- with its speaker; the projector's mode; a question pinned to the screen; the session's planned start and end.

CREATE TABLE pitches (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    agenda_item_id bigint NOT NULL REFERENCES agenda_items (id),
    position bigint NOT NULL,
    title text NOT NULL DEFAULT '',
    proposal_id bigint REFERENCES proposals (id),
    speaker_id bigint REFERENCES people (id),
    speaker text NOT NULL DEFAULT '',
    planned_minutes bigint NOT NULL CHECK (planned_minutes BETWEEN 1 AND 60),
    status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'current', 'done')),
    started_at bigint,
    ends_at bigint,
    ended_at bigint
);

CREATE INDEX pitches_by_item ON pitches (agenda_item_id, position);
CREATE UNIQUE INDEX pitches_one_current ON pitches (event_id) WHERE status = 'current';

ALTER TABLE events ADD COLUMN projector_mode text NOT NULL DEFAULT 'auto';
ALTER TABLE events ADD COLUMN projector_qr text NOT NULL DEFAULT 'shown';
ALTER TABLE events ADD COLUMN screen_pinned bigint NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN starts_at bigint;
ALTER TABLE events ADD COLUMN ends_at bigint;
