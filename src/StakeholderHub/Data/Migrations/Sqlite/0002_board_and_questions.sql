-- The proposal board and the Q&A (issue 3).

-- Entries can now be addressed to one person (a proposal's owner, a question's asker): audience 'person' with
-- the person in recipient. SQLite cannot change a CHECK constraint, so the table is rebuilt.
CREATE TABLE changes_new (
    event_id INTEGER NOT NULL REFERENCES events (id),
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    audience TEXT NOT NULL CHECK (audience IN ('everyone', 'facilitator', 'person')),
    recipient INTEGER CHECK ((audience = 'person') = (recipient IS NOT NULL)),
    merge_key TEXT,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, version, seq)
) WITHOUT ROWID;

INSERT INTO changes_new (event_id, version, seq, kind, audience, recipient, merge_key, data, created_at)
SELECT event_id, version, seq, kind, audience, NULL, merge_key, data, created_at FROM changes;

DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;

ALTER TABLE events ADD COLUMN moderation INTEGER NOT NULL DEFAULT 0 CHECK (moderation IN (0, 1));
ALTER TABLE events ADD COLUMN screen_question_id INTEGER;

-- The invited stakeholder who presents an agenda item: questions to the item are addressed to them.
ALTER TABLE agenda_items ADD COLUMN stakeholder_id INTEGER REFERENCES people (id);

CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    owner_id INTEGER NOT NULL REFERENCES people (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    partners_sought TEXT NOT NULL DEFAULT '',
    -- JSON arrays of strings.
    countries TEXT NOT NULL DEFAULT '[]',
    themes TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    agenda_item_id INTEGER REFERENCES agenda_items (id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'shortlisted', 'closed')),
    -- Kept in step with proposal_votes and proposal_members in the same transaction.
    upvotes INTEGER NOT NULL DEFAULT 0,
    members INTEGER NOT NULL DEFAULT 0,
    request_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX proposals_by_event ON proposals (event_id);
CREATE INDEX proposals_by_agenda_item ON proposals (agenda_item_id) WHERE agenda_item_id IS NOT NULL;
CREATE UNIQUE INDEX proposals_by_request ON proposals (owner_id, request_id) WHERE request_id IS NOT NULL;

CREATE TABLE proposal_votes (
    proposal_id INTEGER NOT NULL REFERENCES proposals (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, person_id)
) WITHOUT ROWID;

CREATE INDEX proposal_votes_by_person ON proposal_votes (person_id);

CREATE TABLE proposal_members (
    proposal_id INTEGER NOT NULL REFERENCES proposals (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    intent TEXT NOT NULL CHECK (intent IN ('partner', 'co-applicant', 'observer')),
    note TEXT NOT NULL DEFAULT '',
    share_contact INTEGER NOT NULL CHECK (share_contact IN (0, 1)),
    -- Only kept when share_contact is 1.
    contact_email TEXT CHECK (share_contact = 1 OR contact_email IS NULL),
    joined_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, person_id)
) WITHOUT ROWID;

CREATE INDEX proposal_members_by_person ON proposal_members (person_id);

CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    text TEXT NOT NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('room', 'agenda', 'proposal')),
    agenda_item_id INTEGER REFERENCES agenda_items (id),
    proposal_id INTEGER REFERENCES proposals (id),
    anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('pending', 'published', 'dismissed')),
    -- The state a dismissed question returns to when restored.
    dismissed_from TEXT CHECK (dismissed_from IN ('pending', 'published')),
    upvotes INTEGER NOT NULL DEFAULT 0,
    answer_text TEXT,
    answer_live INTEGER NOT NULL DEFAULT 0 CHECK (answer_live IN (0, 1)),
    answered_by INTEGER REFERENCES people (id),
    answered_at INTEGER,
    request_id TEXT,
    created_at INTEGER NOT NULL,
    CHECK ((target_kind = 'agenda') = (agenda_item_id IS NOT NULL)),
    CHECK ((target_kind = 'proposal') = (proposal_id IS NOT NULL))
);

CREATE INDEX questions_by_event ON questions (event_id, status);
CREATE INDEX questions_by_person ON questions (person_id);
CREATE INDEX questions_by_agenda_item ON questions (agenda_item_id) WHERE agenda_item_id IS NOT NULL;
CREATE INDEX questions_by_proposal ON questions (proposal_id) WHERE proposal_id IS NOT NULL;
CREATE UNIQUE INDEX questions_by_request ON questions (person_id, request_id) WHERE request_id IS NOT NULL;

CREATE TABLE question_votes (
    question_id INTEGER NOT NULL REFERENCES questions (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (question_id, person_id)
) WITHOUT ROWID;

CREATE INDEX question_votes_by_person ON question_votes (person_id);
