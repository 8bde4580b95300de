-- The moderator (issue 18): PostgreSQL's spelling of Sqlite/0016_moderator.sql. PostgreSQL changes the constraints in
-- place (people's was unnamed in 0001, so it has PostgreSQL's default name).
ALTER TABLE people DROP CONSTRAINT people_role_check;
ALTER TABLE people ADD CONSTRAINT people_role CHECK (role IN ('facilitator', 'stakeholder', 'participant', 'projector', 'moderator'));

ALTER TABLE changes DROP CONSTRAINT changes_audience;
ALTER TABLE changes ADD CONSTRAINT changes_audience CHECK (audience IN ('everyone', 'facilitator', 'moderation', 'person'));
