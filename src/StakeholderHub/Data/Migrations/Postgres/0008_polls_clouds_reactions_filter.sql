-- Polls, word clouds, reactions and the content filter (issue 17): PostgreSQL's spelling of Sqlite/0008.

-- A poll of the event: single or multiple choice, a rating from 1 to 5, a ranking, or a word cloud ('words').
CREATE TABLE polls (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    -- The facilitator, or the stakeholder whose pitch or proposal it is for.
    owner_id bigint NOT NULL REFERENCES people (id),
    kind text NOT NULL CHECK (kind IN ('single', 'multiple', 'rating', 'ranking', 'words')),
    question text NOT NULL,
    -- A JSON array of strings: the options (rating: '1' to '5'; words: none).
    options text NOT NULL DEFAULT '[]',
    max_choices bigint NOT NULL DEFAULT 1,
    -- Who sees the results: everyone while open ('live'), everyone once closed ('closed'), only the staff ('never').
    results text NOT NULL CHECK (results IN ('live', 'closed', 'never')),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    proposal_id bigint REFERENCES proposals (id),
    agenda_item_id bigint REFERENCES agenda_items (id),
    request_id text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);

CREATE INDEX polls_by_event ON polls (event_id);
CREATE UNIQUE INDEX polls_by_request ON polls (owner_id, request_id) WHERE request_id IS NOT NULL;

-- One row per option a person chose (a ranking: every option, with its place). A changed vote replaces its rows.
CREATE TABLE poll_choices (
    poll_id bigint NOT NULL REFERENCES polls (id),
    person_id bigint NOT NULL REFERENCES people (id),
    option bigint NOT NULL,
    -- The place in a ranking (0 is first); 0 for the other kinds.
    place bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (poll_id, person_id, option)
);

-- A word cloud's answers: up to three per person, grouped by their normalised key.
CREATE TABLE poll_words (
    poll_id bigint NOT NULL REFERENCES polls (id),
    person_id bigint NOT NULL REFERENCES people (id),
    word_key text NOT NULL,
    text text NOT NULL,
    -- Why the content filter held it (shown to nobody but the facilitator and its author until released).
    held_reason text,
    created_at bigint NOT NULL,
    PRIMARY KEY (poll_id, person_id, word_key)
);

CREATE INDEX poll_words_by_key ON poll_words (poll_id, word_key);

-- The answers the facilitator hid from a cloud.
CREATE TABLE poll_hidden_words (
    poll_id bigint NOT NULL REFERENCES polls (id),
    word_key text NOT NULL,
    PRIMARY KEY (poll_id, word_key)
);

ALTER TABLE events ADD COLUMN screen_poll_id bigint;

-- Reactions are counted in memory and added here in batches (each node adds its own), never a row per tap.
CREATE TABLE reaction_counts (
    event_id bigint NOT NULL REFERENCES events (id),
    -- 0: no agenda item was running.
    agenda_item_id bigint NOT NULL,
    reaction text NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (event_id, agenda_item_id, reaction)
);

-- The facilitator's own words for the event's content filter, beside the built-in lists.
CREATE TABLE filter_words (
    event_id bigint NOT NULL REFERENCES events (id),
    word text NOT NULL,
    created_at bigint NOT NULL,
    PRIMARY KEY (event_id, word)
);

-- Why the content filter held a question or a practice for moderation.
ALTER TABLE questions ADD COLUMN held_reason text;
ALTER TABLE practices ADD COLUMN held_reason text;
