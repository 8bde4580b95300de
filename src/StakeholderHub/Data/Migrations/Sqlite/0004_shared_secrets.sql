-- The server's secrets and the Data Protection key ring, for nodes that share one database (issue 7).
--
-- On SQLite these tables stay empty: the database is a file in one node's data folder, and the secrets stay beside
-- it as files, as before (token-signing.key, facilitator.key, keys/badge-signing.json, data-protection-keys/). They
-- exist here so that both stores have the same tables; PostgreSQL (Postgres/0004) is where they are used.

-- One row per secret, named after the file it replaces (token-signing.key, facilitator.key, badge-signing.json),
-- holding what that file would hold. Made by the first node that finds it missing (INSERT ... ON CONFLICT DO
-- NOTHING, then read back), read by every other one; never changed.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- ASP.NET Core Data Protection's key ring: one XML element per row, as its IXmlRepository stores them.
CREATE TABLE data_protection_keys (
    id INTEGER PRIMARY KEY,
    friendly_name TEXT NOT NULL,
    xml TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
