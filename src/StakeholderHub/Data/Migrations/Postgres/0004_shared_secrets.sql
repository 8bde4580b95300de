-- The server's secrets and the Data Protection key ring, shared by every node (issue 7): PostgreSQL's spelling of
-- Sqlite/0004_shared_secrets.sql. On PostgreSQL these replace the files each node used to make in its own data
-- folder, so a session token, a badge signature or a protected payload made by one node is good on every other.

-- One row per secret, named after the file it replaces (token-signing.key, facilitator.key, badge-signing.json),
-- holding what that file would hold. Made by the first node that finds it missing (INSERT ... ON CONFLICT DO
-- NOTHING, then read back), read by every other one; never changed.
CREATE TABLE server_secrets (
    name text PRIMARY KEY,
    value text NOT NULL,
    created_at bigint NOT NULL
);

-- ASP.NET Core Data Protection's key ring: one XML element per row, as its IXmlRepository stores them.
CREATE TABLE data_protection_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL,
    xml text NOT NULL,
    created_at bigint NOT NULL
);
