-- Partner matchmaking that outlives the afternoon (issue 18, point 4): a consent of its own to share one's contact
-- with the proposal's other partners, the owner's contact for their joiners, and the owner's updates.

-- "Share my contact with the other partners of this proposal": separate from share_contact (the owner), unticked by
-- default, with its own address (kept only while the consent stands).
ALTER TABLE proposal_members ADD COLUMN share_partners bigint NOT NULL DEFAULT 0 CHECK (share_partners IN (0, 1));
ALTER TABLE proposal_members ADD COLUMN partners_email text CHECK (share_partners = 1 OR partners_email IS NULL);

-- The contact a stakeholder chose to show the people who joined their proposals (none: only their name).
CREATE TABLE owner_contacts (
    person_id bigint PRIMARY KEY REFERENCES people (id),
    event_id bigint NOT NULL REFERENCES events (id),
    email text,
    updated_at bigint NOT NULL
);

-- A proposal owner's short update to its joiners ("kick-off call on 12 January"), with an optional date and time.
-- held_reason: the room's content filter held it; only the owner (waiting) and the facilitator see it until approved.
CREATE TABLE proposal_updates (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id),
    proposal_id bigint NOT NULL REFERENCES proposals (id),
    text text NOT NULL,
    starts_at bigint,
    held_reason text,
    request_id text,
    created_at bigint NOT NULL
);

CREATE INDEX proposal_updates_by_proposal ON proposal_updates (proposal_id);
CREATE UNIQUE INDEX proposal_updates_by_request ON proposal_updates (proposal_id, request_id) WHERE request_id IS NOT NULL;
