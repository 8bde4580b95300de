-- Privacy (issue 14): PostgreSQL's spelling of Sqlite/0007.

-- The facilitator's copy of a participant's progress counts that participant's anonymous questions only up to
-- released_through (an evidence id): the last time they did something named themselves, the session closed or
-- the badges were issued. Without a row nothing anonymous counts there yet. See docs/privacy.md.
CREATE TABLE progress_releases (
    person_id bigint PRIMARY KEY REFERENCES people (id),
    event_id bigint NOT NULL REFERENCES events (id),
    released_through bigint NOT NULL
);

CREATE INDEX progress_releases_by_event ON progress_releases (event_id);

-- A separate, unticked choice at check-in: the address given may be used to issue the badge.
ALTER TABLE people ADD COLUMN badge_email_consent bigint NOT NULL DEFAULT 0 CHECK (badge_email_consent IN (0, 1));

-- A separate, unticked choice when claiming: the holder may be contacted with the badge address. Without it
-- credentials.email holds only the salted hash the credential carries.
ALTER TABLE credentials ADD COLUMN contact_consent bigint NOT NULL DEFAULT 0 CHECK (contact_consent IN (0, 1));

-- Set when the person erased themselves or the facilitator removed them: the row stays as the pseudonym the
-- append-only evidence points to, without name, organisation, country or e-mail, and its token no longer works.
ALTER TABLE people ADD COLUMN erased_at bigint;
