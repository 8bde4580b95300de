-- Revocable links (issue 18, and issue 14's "the token no longer works" on every node): a person's link carries the
-- generation it was issued for (Access/TokenSigner.cs). Giving the person a new link counts this up, which makes
-- every earlier link of theirs invalid at once (Access/PeopleDirectory.cs; docs/protocol.md "Links and tokens").
ALTER TABLE people ADD COLUMN link_generation INTEGER NOT NULL DEFAULT 0;
