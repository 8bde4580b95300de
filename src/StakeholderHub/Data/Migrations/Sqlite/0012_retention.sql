-- Privacy (issue 14, second part): retention and purge, the event's own controller text.

-- How many days after the event closes (closed_at, else its planned end ends_at) its personal data is purged;
-- the facilitator sets it (0 to 3650). The purge job (Privacy/RetentionJob.cs) purges an event once past it.
ALTER TABLE events ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 0 AND 3650);

-- When the event was purged (by the job or "purge this event now"); a purged event is not purged again.
ALTER TABLE events ADD COLUMN purged_at INTEGER;

-- Who the controller is, in the event's own words, for the join page's privacy notice (else the deployment's
-- Hub:PrivacyController, else the default sentence).
ALTER TABLE events ADD COLUMN privacy_controller TEXT;
