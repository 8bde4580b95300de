-- The proposal board and the Q&A (issue 3): PostgreSQL's spelling of Sqlite/0002_board_and_questions.sql.

-- Entries can now be addressed to one person (a proposal's owner, a question's asker): audience 'person' with
-- the person in recipient. PostgreSQL changes the constraint in place (SQLite rebuilds the table).
ALTER TABLE changes DROP CONSTRAINT changes_audience;
ALTER TABLE changes ADD CONSTRAINT changes_audience CHECK (audience IN ('everyone', 'facilitator', 'person'));
ALTER TABLE changes ADD COLUMN recipient bigint;
ALTER TABLE changes ADD CONSTRAINT changes_recipient CHECK ((audience = 'person') = (recipient IS NOT NULL));

ALTER TABLE events ADD COLUMN moderation bigint NOT NULL DEFAULT 0 CHECK (moderation IN (0, 1));
ALTER TABLE events ADD COLUMN screen_question_id bigint;

-- The invited stakeholder who presents an agenda item: questions to the item are addressed to them.
ALTER TABLE agenda_items ADD COLUMN stakeholder_id bigint REFERENCES people (id);

CREATE TABLE proposals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    owner_id bigint NOT NULL REFERENCES people (id),
    title text NOT NULL,
    summary text NOT NULL DEFAULT '',
    partners_sought text NOT NULL DEFAULT '',
    -- JSON arrays of strings.
    countries text NOT NULL DEFAULT '[]',
    themes text NOT NULL DEFAULT '[]',
    tags text NOT NULL DEFAULT '[]',
    agenda_item_id bigint REFERENCES agenda_items (id),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'shortlisted', 'closed')),
    -- Kept in step with proposal_votes and proposal_members in the same transaction.
    upvotes bigint NOT NULL DEFAULT 0,
    members bigint NOT NULL DEFAULT 0,
    request_id text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);

CREATE INDEX proposals_by_event ON proposals (event_id);
CREATE INDEX proposals_by_agenda_item ON proposals (agenda_item_id) WHERE agenda_item_id IS NOT NULL;
CREATE UNIQUE INDEX proposals_by_request ON proposals (owner_id, request_id) WHERE request_id IS NOT NULL;

CREATE TABLE proposal_votes (
    proposal_id bigint NOT NULL REFERENCES proposals (id),
    person_id bigint NOT NULL REFERENCES people (id),
    created_at bigint NOT NULL,
    PRIMARY KEY (proposal_id, person_id)
);

CREATE INDEX proposal_votes_by_person ON proposal_votes (person_id);

CREATE TABLE proposal_members (
    proposal_id bigint NOT NULL REFERENCES proposals (id),
    person_id bigint NOT NULL REFERENCES people (id),
    intent text NOT NULL CHECK (intent IN ('partner', 'co-applicant', 'observer')),
    note text NOT NULL DEFAULT '',
    share_contact bigint NOT NULL CHECK (share_contact IN (0, 1)),
    -- Only kept when share_contact is 1.
    contact_email text CHECK (share_contact = 1 OR contact_email IS NULL),
    joined_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (proposal_id, person_id)
);

CREATE INDEX proposal_members_by_person ON proposal_members (person_id);

CREATE TABLE questions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    person_id bigint NOT NULL REFERENCES people (id),
    text text NOT NULL,
    target_kind text NOT NULL CHECK (target_kind IN ('room', 'agenda', 'proposal')),
    agenda_item_id bigint REFERENCES agenda_items (id),
    proposal_id bigint REFERENCES proposals (id),
    anonymous bigint NOT NULL CHECK (anonymous IN (0, 1)),
    status text NOT NULL CHECK (status IN ('pending', 'published', 'dismissed')),
    -- The state a dismissed question returns to when restored.
    dismissed_from text CHECK (dismissed_from IN ('pending', 'published')),
    upvotes bigint NOT NULL DEFAULT 0,
    answer_text text,
    answer_live bigint NOT NULL DEFAULT 0 CHECK (answer_live IN (0, 1)),
    answered_by bigint REFERENCES people (id),
    answered_at bigint,
    request_id text,
    created_at bigint NOT NULL,
    CHECK ((target_kind = 'agenda') = (agenda_item_id IS NOT NULL)),
    CHECK ((target_kind = 'proposal') = (proposal_id IS NOT NULL))
);

CREATE INDEX questions_by_event ON questions (event_id, status);
CREATE INDEX questions_by_person ON questions (person_id);
CREATE INDEX questions_by_agenda_item ON questions (agenda_item_id) WHERE agenda_item_id IS NOT NULL;
CREATE INDEX questions_by_proposal ON questions (proposal_id) WHERE proposal_id IS NOT NULL;
CREATE UNIQUE INDEX questions_by_request ON questions (person_id, request_id) WHERE request_id IS NOT NULL;

CREATE TABLE question_votes (
    question_id bigint NOT NULL REFERENCES questions (id),
    person_id bigint NOT NULL REFERENCES people (id),
    created_at bigint NOT NULL,
    PRIMARY KEY (question_id, person_id)
);

CREATE INDEX question_votes_by_person ON question_votes (person_id);
